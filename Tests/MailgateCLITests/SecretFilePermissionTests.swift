import Foundation
import MailgateTestSupport
import Testing

/// The real `mailgate` refuses secrets that other users may read, naming the file and the fix in one line, and
/// `check-config` says the same; the same files made 0600 start.
@Suite struct SecretFilePermissionTests {
    private func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    private func refusalLine(_ stderr: String, naming path: String) -> String? {
        stderr.split(separator: "\n").map(String.init).first { $0.contains(path) && $0.contains("chmod 600 \(path)") }
    }

    @Test func aWorldReadableTLSKeyRefusesTheStartAndA0600OneStarts() async throws {
        let gateway = try await GatewayInstance(routes: "routes: []")
        let key = gateway.directory.path + "/tls.key"
        try chmod(key, 0o644)

        let refused = try await MailgateProcess.run(["serve", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(refused.status == 78, "stderr: \(refused.stderr)")
        let line = try #require(refusalLine(refused.stderr, naming: key), "stderr: \(refused.stderr)")
        #expect(line.contains("smtp.tls.key"), "\(line)")
        #expect(line.contains("0644"), "\(line)")

        let check = try await MailgateProcess.run(["check-config", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(check.status == 78)
        #expect(refusalLine(check.stderr, naming: key) == line, "check-config reports it the same way: \(check.stderr)")

        try chmod(key, 0o600)
        try await gateway.start()
        #expect(try await TestNetwork.get(gateway.base + "/readyz")?.status == 200)
        #expect(await gateway.stop() == 0)
    }

    @Test func theUsersAPIKeysAndStarFileSecretsAreCheckedToo() async throws {
        let secrets = try TemporaryDirectory()
        let secret = try secrets.write("webhook-secret", "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ=\n", permissions: 0o644)
        let gateway = try await GatewayInstance(routes: """
            routes:
              - name: support
                match: { recipient: "*@support.example.com" }
                webhook: { url: "https://hooks.example.com/in", secret_file: \(secret) }
            """)
        let users = gateway.directory.path + "/users", keys = gateway.directory.path + "/api-keys"
        try chmod(users, 0o604)
        try chmod(keys, 0o644)

        let check = try await MailgateProcess.run(["check-config", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(check.status == 78)
        for (key, path) in [("smtp.users_file", users), ("http.api_keys_file", keys), ("routes.0.webhook.secret_file", secret)] {
            let line = refusalLine(check.stderr, naming: path)
            #expect(line?.contains(key) == true, "\(key) is named: \(check.stderr)")
        }
        let refused = try await MailgateProcess.run(["serve", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(refused.status == 78)
        #expect(refusalLine(refused.stderr, naming: secret) != nil, "\(refused.stderr)")
    }
}
