import Foundation
import MailgateTestSupport
import Testing

@testable import Gateway

/// What a reload says it applied and what it names as needing a restart, from two real configurations.
@Suite struct ReloadChangesTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func load(_ extra: String, port: Int = 587, certificate: String = "/etc/mailgate/tls.crt") async throws -> GatewayConfiguration {
        let path = try directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              submission: { port: \(port) }
              tls: { certificate: \(certificate), key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            routes:
              - name: support
                match: { domain: support.example.com }
                webhook: { url: "https://app.example/hooks/mail", secret: "whsec_YWJj" }
            \(extra)
            """)
        return try await ConfigurationLoader(filePath: path, environment: [:]).load()
    }

    @Test func routesSendersAndCertificatePathsApplyAndListenersAndStorageNeedARestart() async throws {
        let started = try await load("")
        let next = try await load(
            "default_route: support\nstorage: { url: \"postgres://mailgate:pw@127.0.0.1:5432/mailgate\" }",
            port: 2587, certificate: "/etc/mailgate/renewed.crt")
        let changes = ReloadChanges(from: started, started: started, to: next)
        #expect(changes.applied == ["smtp.tls.certificate", "default_route"])
        #expect(changes.needingRestart == ["smtp.submission.port", "storage.url"])
    }

    @Test func aRestartOnlyChangeIsNamedUntilTheRestartAndAnAppliedOneOnlyOnce() async throws {
        let started = try await load("")
        let first = try await load("log: { format: json, level: debug }")
        let changes = ReloadChanges(from: started, started: started, to: first)
        #expect(changes.applied == ["log.level"])
        #expect(changes.needingRestart == ["log.format"])
        // The next reload of the same file: nothing new was applied, and the restart is still owed.
        let again = ReloadChanges(from: first, started: started, to: first)
        #expect(again.applied.isEmpty)
        #expect(again.needingRestart == ["log.format"])
    }

    /// A secret is compared by a fingerprint, never by its redacted text: a changed relay password (inline or in
    /// its file) is named as needing a restart without being shown, and an unchanged one is not named.
    @Test func aChangedSecretIsNamedWithoutBeingShown() async throws {
        func relay(_ password: String) -> String {
            "relay: { upstream: { host: smtp.example.net, port: 587, tls: starttls, username: u, \(password) } }"
        }
        let started = try await load(relay("password: first-secret"))
        let same = try await load(relay("password: first-secret"))
        #expect(ReloadChanges(from: started, started: started, to: same).needingRestart.isEmpty)
        let changed = try await load(relay("password: second-secret"))
        let inline = ReloadChanges(from: started, started: started, to: changed)
        #expect(inline.needingRestart.contains { $0.hasSuffix(".password") }, "\(inline.needingRestart)")
        #expect(!changed.effective.contains { $0.value.contains("second-secret") }, "never shown")

        let file = try directory.write("relay-password", "first-secret\n")
        let fromFile = try await load(relay("password_file: \(file)"))
        _ = try directory.write("relay-password", "second-secret\n")
        let rotated = try await load(relay("password_file: \(file)"))
        let content = ReloadChanges(from: fromFile, started: fromFile, to: rotated)
        #expect(content.needingRestart.contains { $0.hasSuffix(".password_file") }, "\(content.needingRestart)")
    }
}
