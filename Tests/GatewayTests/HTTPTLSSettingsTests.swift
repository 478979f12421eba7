import Foundation
import MailgateTestSupport
import Testing

@testable import Gateway

/// `http.tls`: read from the file or the environment, both files or neither, and the pair loaded once at load time
/// so that a bad certificate or a key that is not its own is a configuration problem with the key's name.
@Suite struct HTTPTLSSettingsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func certificates() async throws -> TestCertificates {
        let made = try await TestCertificates.make(in: directory)
        for key in [made.leaf.key, made.wrongHost.key] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        }
        return made
    }

    func load(http: String, environment: [String: String] = [:]) async throws(ConfigurationError) -> GatewayConfiguration {
        let path = try! directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            http: { port: 8443\(http) }
            """)
        return try await ConfigurationLoader(filePath: path, environment: environment).load()
    }

    @Test func aCertificateAndItsKeyFromTheFileOrTheEnvironment() async throws {
        let made = try await certificates()
        let expected = TLSFileSettings(certificatePath: made.leaf.certificate, keyPath: made.leaf.key)
        let fromFile = try await load(http: ", tls: { certificate: \(made.leaf.certificate), key: \(made.leaf.key) }")
        #expect(fromFile.http.tls == expected)
        #expect(fromFile.effective.contains { $0.key == "http.tls.certificate" && $0.value == made.leaf.certificate })
        let fromEnvironment = try await load(http: "", environment: [
            "MAILGATE_HTTP_TLS_CERTIFICATE": made.leaf.certificate, "MAILGATE_HTTP_TLS_KEY": made.leaf.key,
        ])
        #expect(fromEnvironment.http.tls == expected)
        #expect(try await load(http: "").http.tls == nil, "without it, plain HTTP")
    }

    @Test func halfAPairAnUnreadableFileOrAKeyThatIsNotTheCertificatesIsRefused() async throws {
        let made = try await certificates()
        let notAKey = try directory.write("not-a-key.pem", "not a key\n", permissions: 0o600)
        let cases: [(http: String, problem: String)] = [
            (", tls: { certificate: \(made.leaf.certificate) }", "http.tls.key: http.tls.certificate is set but http.tls.key is not"),
            (", tls: { key: \(made.leaf.key) }", "http.tls.certificate: http.tls.key is set but http.tls.certificate is not"),
            (", tls: { certificate: \(directory.path)/absent.pem, key: \(made.leaf.key) }",
             "http.tls.certificate: cannot load certificate \(directory.path)/absent.pem"),
            (", tls: { certificate: \(made.leaf.certificate), key: \(notAKey) }", "http.tls.key: cannot load private key \(notAKey):"),
            (", tls: { certificate: \(made.leaf.certificate), key: \(made.wrongHost.key) }",
             "http.tls.key: cannot load private key \(made.wrongHost.key) (does not match the certificate)"),
        ]
        for (http, problem) in cases {
            do {
                _ = try await load(http: http)
                Issue.record("accepted: \(http)")
            } catch {
                let found = error.problems.map(\.description)
                #expect(found.count == 1 && found.contains { $0.contains(problem) }, "\(http): \(found)")
            }
        }
    }

    @Test func aNewPathIsReloadedButAddingTLSNeedsARestart() async throws {
        let made = try await certificates()
        let plain = try await load(http: "")
        let first = try await load(http: ", tls: { certificate: \(made.leaf.certificate), key: \(made.leaf.key) }")
        let copy = try directory.write("renewed.pem", try String(contentsOfFile: made.leaf.certificate, encoding: .utf8))
        let renewed = try await load(http: ", tls: { certificate: \(copy), key: \(made.leaf.key) }")

        let replaced = ReloadChanges(from: first, started: first, to: renewed)
        #expect(replaced.applied == ["http.tls.certificate"])
        #expect(replaced.needingRestart.isEmpty)
        let added = ReloadChanges(from: plain, started: plain, to: first)
        #expect(added.applied.isEmpty)
        #expect(added.needingRestart == ["http.tls.certificate", "http.tls.key"])
        let removed = ReloadChanges(from: first, started: first, to: plain)
        #expect(removed.needingRestart == ["http.tls.certificate", "http.tls.key"])
    }
}
