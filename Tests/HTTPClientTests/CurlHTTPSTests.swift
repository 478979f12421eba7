import Foundation
import HTTPClient
import MailgateTestSupport
import Testing

/// TLS verification against a real HTTPS server whose certificate the test makes with `openssl`.
@Suite struct CurlHTTPSTests {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    let certificate: String

    init() async throws {
        directory = try TemporaryDirectory()
        certificate = directory.path + "/cert.pem"
        let key = directory.path + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", certificate,
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        await offPool { openssl.waitUntilExit() }
        try #require(openssl.terminationStatus == 0)
        server = try await TestHTTPServer(certificate: certificate, key: key)
    }

    @Test func verifiesAgainstTheConfiguredCA() async throws {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(caFile: certificate, userAgent: "t"))
        let response = try await client.execute(HTTPRequest(
            url: "https://localhost:\(server.port)/echo", body: Array("{}".utf8), destinationPolicy: .init(allowLoopback: true)))
        #expect(response.status == 200)
    }

    @Test func anUntrustedCertificateIsATLSError() async throws {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(userAgent: "t"))
        do {
            _ = try await client.execute(HTTPRequest(
                url: "https://localhost:\(server.port)/echo", body: Array("{}".utf8), destinationPolicy: .init(allowLoopback: true)))
            Issue.record("an unknown CA must not be trusted")
        } catch let error as HTTPClientError {
            guard case .tls = error else { Issue.record("expected a TLS error, got \(error)"); return }
        }
    }

    @Test func aHostNameMismatchIsATLSError() async throws {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(caFile: certificate, userAgent: "t"))
        do {
            // The certificate names localhost only.
            _ = try await client.execute(HTTPRequest(
                url: "https://127.0.0.1:\(server.port)/echo", body: Array("{}".utf8), destinationPolicy: .init(allowLoopback: true)))
            Issue.record("a certificate for another name must not be accepted")
        } catch let error as HTTPClientError {
            guard case .tls = error else { Issue.record("expected a TLS error, got \(error)"); return }
        }
    }
}
