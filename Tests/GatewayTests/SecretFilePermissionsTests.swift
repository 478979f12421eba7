import Foundation
import MailgateTestSupport
import Testing

@testable import Gateway

/// PostgreSQL's rule for secret files: the owner only, or a root-owned file its group may read.
@Suite struct SecretFilePermissionsTests {
    @Test(arguments: [
        (0o600, false, true), (0o400, false, true), (0o700, false, true), (0o000, false, true),
        (0o640, false, false), (0o644, false, false), (0o604, false, false), (0o660, false, false), (0o620, false, false),
        (0o640, true, true), (0o440, true, true), (0o600, true, true),
        (0o644, true, false), (0o660, true, false), (0o650, true, false), (0o604, true, false),
    ] as [(Int, Bool, Bool)])
    func decision(mode: Int, ownerIsRoot: Bool, allowed: Bool) {
        let problem = SecretFilePermissions.problem(mode: mode_t(mode), ownerIsRoot: ownerIsRoot)
        #expect((problem == nil) == allowed, "\(String(mode, radix: 8)) owned by \(ownerIsRoot ? "root" : "the user"): \(problem ?? "allowed")")
    }

    @Test func theProblemNamesTheModeAndWhoCanRead() {
        #expect(SecretFilePermissions.problem(mode: 0o644, ownerIsRoot: false) == "is open to others (mode 0644)")
        #expect(SecretFilePermissions.problem(mode: 0o640, ownerIsRoot: false) == "is open to its group (mode 0640)")
    }

    @Test func theLoaderNamesEveryOpenSecretWithTheFix() async throws {
        let directory = try TemporaryDirectory()
        let key = try directory.write("tls.key", "not read here", permissions: 0o644)
        let users = try directory.write("users", "", permissions: 0o600)
        let keys = try directory.write("api-keys", "", permissions: 0o606)
        let password = try directory.write("relay-password", "pw\n", permissions: 0o644)
        let file = try directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: \(key) }
              users_file: \(users)
            http: { api_keys_file: \(keys) }
            relay: { upstream: { host: smtp.example.net, username: u, password_file: \(password) } }
            """)
        do {
            _ = try await ConfigurationLoader(filePath: file, environment: [:]).load()
            Issue.record("loaded")
        } catch {
            let found = error.problems.map(\.description)
            #expect(found.count == 3, "\(found)")
            #expect(found.contains("\(file):3: smtp.tls.key: \(key) holds a secret and is open to others (mode 0644): run chmod 600 \(key)"), "\(found)")
            #expect(found.contains { $0.contains("http.api_keys_file: \(keys) holds a secret") && $0.hasSuffix("chmod 600 \(keys)") })
            #expect(found.contains { $0.contains("relay.upstream.password_file: \(password) holds a secret") })
            #expect(!found.contains { $0.contains(users) }, "0600 is fine")
        }
    }
}
