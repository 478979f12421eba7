import Foundation
import MailgateTestSupport
import Queue
import Testing

/// `sslmode` and `sslrootcert` against the tests' PostgreSQL, which offers TLS with a certificate for
/// `localhost` (its DNS name only) issued by a test CA.
@Suite("PostgreSQL TLS", .enabled(if: StoreKind.underTest.contains(.postgres)))
struct PostgresTLSTests {
    private func open(host: String, _ parameters: String) async throws {
        let server = try TemporaryPostgres.shared.get()
        let url = server.url(database: "postgres", host: host, tlsParameters: parameters)
        let store = try await QueueStoreFactory.open(url: url)
        try await store.close()
    }

    private func refusal(host: String, _ parameters: String) async throws -> String {
        do {
            try await open(host: host, parameters)
        } catch let error as QueueStoreError {
            guard case .cannotOpen(_, let reason, _) = error else {
                Issue.record("unexpected error \(error)")
                return ""
            }
            return reason
        }
        Issue.record("opened with \(parameters) against \(host)")
        return ""
    }

    @Test func verifyFullAgainstTheCertificatesNameAndCASucceeds() async throws {
        let server = try TemporaryPostgres.shared.get()
        try await open(host: "localhost", "sslmode=verify-full&sslrootcert=\(server.tlsCAFile)")
    }

    @Test func verifyFullWithAnotherCAFailsAndSaysWhy() async throws {
        let server = try TemporaryPostgres.shared.get()
        let reason = try await refusal(host: "localhost", "sslmode=verify-full&sslrootcert=\(server.otherCAFile)")
        #expect(reason.contains("TLS with the server failed"), "\(reason)")
        #expect(reason.contains("sslmode=verify-full"), "\(reason)")
        #expect(reason.contains(server.otherCAFile), "the CA file is named: \(reason)")
    }

    @Test func verifyFullAgainstANameTheCertificateDoesNotHoldFails() async throws {
        let server = try TemporaryPostgres.shared.get()
        // The certificate names localhost, not 127.0.0.1.
        let reason = try await refusal(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(server.tlsCAFile)")
        #expect(reason.contains("TLS with the server failed"), "\(reason)")
        #expect(reason.contains("for the host name"), "\(reason)")
    }

    @Test func verifyCAChecksTheChainButNotTheName() async throws {
        let server = try TemporaryPostgres.shared.get()
        try await open(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(server.tlsCAFile)")
        let reason = try await refusal(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(server.otherCAFile)")
        #expect(reason.contains("TLS with the server failed"), "\(reason)")
    }

    @Test func verifyFullWithTheSystemTrustStoreRefusesATestCA() async throws {
        let reason = try await refusal(host: "localhost", "sslmode=verify-full")
        #expect(reason.contains("the system trust store"), "\(reason)")
    }

    @Test func requireWithARootCertificateVerifiesTheChainAsLibpqDoes() async throws {
        let server = try TemporaryPostgres.shared.get()
        try await open(host: "127.0.0.1", "sslmode=require")
        let reason = try await refusal(host: "127.0.0.1", "sslmode=require&sslrootcert=\(server.otherCAFile)")
        #expect(reason.contains("TLS with the server failed"), "\(reason)")
    }

    @Test func anUnreadableCAFileIsNamed() async throws {
        let reason = try await refusal(host: "localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")
        #expect(reason.contains("/nonexistent/ca.pem"), "\(reason)")
    }

    @Test func loopbackWithoutSslmodeStillConnects() async throws {
        // The default on loopback is prefer: TLS is used because the server offers it, without a verified name.
        try await open(host: "127.0.0.1", "connect_timeout=10")
    }
}
