import Foundation
import NIOCore
import TLS
import Testing

extension EmbeddedTLSSuites {
    @Suite final class TLSContextTests {
        private let pki = TestPKI.shared

        deinit {
            EmbeddedTLSPair.shutdownAll()
        }

        private func contents(_ name: String) throws -> String {
            try String(contentsOfFile: self.pki.path(name), encoding: .utf8)
        }

        @Test func inlinePEMForRSAAndECDSA() throws {
            for name in ["leaf-rsa", "leaf-ecdsa"] {
                let key = TLSCertifiedKey(
                    certificateChain: .pem(try self.contents("\(name).pem") + self.contents("ca.pem")),
                    privateKey: .pem(try self.contents("\(name).key")))
                #expect(throws: Never.self, Comment(rawValue: name)) { try TLSContext(configuration: .server(certifiedKey: key)) }
            }
        }

        @Test func configurationErrorsAreTyped() {
            let cases: [(name: String, configuration: TLSConfiguration, check: (TLSError) -> Bool)] = [
                (
                    "key does not match",
                    .server(certifiedKey: TLSCertifiedKey(
                        certificateChain: .file(self.pki.path("leaf-rsa.pem")), privateKey: .file(self.pki.path("leaf-ecdsa.key")))),
                    {
                        if case .privateKeyLoadFailed(let source, _) = $0 {
                            source == self.pki.path("leaf-ecdsa.key") + " (does not match the certificate)"
                        } else { false }
                    }
                ),
                (
                    "missing certificate",
                    .server(certifiedKey: TLSCertifiedKey(certificateChain: .file("/nonexistent.pem"), privateKey: .file("/x"))),
                    { if case .certificateLoadFailed(let source, _) = $0 { source == "/nonexistent.pem" } else { false } }
                ),
                (
                    "garbage PEM",
                    .server(certifiedKey: TLSCertifiedKey(certificateChain: .pem("not a cert"), privateKey: .pem("x"))),
                    { if case .certificateLoadFailed = $0 { true } else { false } }
                ),
                (
                    "server without certificate", TLSConfiguration(role: .server),
                    { if case .invalidConfiguration = $0 { true } else { false } }
                ),
                (
                    "bad cipher list",
                    TLSConfiguration(role: .client, cipherList: "NOT-A-CIPHER"),
                    { if case .invalidConfiguration = $0 { true } else { false } }
                ),
                (
                    "minimum above maximum",
                    TLSConfiguration(role: .client, minimumVersion: .tls1_3, maximumVersion: .tls1_2),
                    { if case .invalidConfiguration = $0 { true } else { false } }
                ),
                (
                    "missing CA file",
                    .client(trustRoots: .file("/nonexistent-ca.pem")),
                    { if case .certificateLoadFailed = $0 { true } else { false } }
                ),
            ]
            for (name, configuration, check) in cases {
                let error = #expect(throws: TLSError.self, Comment(rawValue: name)) { try TLSContext(configuration: configuration) }
                if let error { #expect(check(error), "\(name): \(error)") }
            }
        }

        @Test func versionFloorIsEnforced() throws {
            let server = try TestContexts.server { $0.minimumVersion = .tls1_3 }
            let client = try TestContexts.client { $0.maximumVersion = .tls1_2 }
            let pair = try EmbeddedTLSPair(serverContext: server, clientContext: client)
            try pair.activate()
            try pair.interact()
            guard case .handshakeFailed(let errors) = pair.serverRecorder.tlsErrors.first else {
                Issue.record("\(pair.serverRecorder.errors)"); return
            }
            #expect(!errors.isEmpty, "the OpenSSL error queue is reported")
        }

        @Test func reloadKeepsEstablishedConnectionsAndServesNewOnes() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let certificate = directory.appendingPathComponent("tls.crt").path
            let key = directory.appendingPathComponent("tls.key").path
            func install(_ name: String) throws {
                try self.contents("\(name).pem").write(toFile: certificate, atomically: true, encoding: .utf8)
                try self.contents("\(name).key").write(toFile: key, atomically: true, encoding: .utf8)
            }
            try install("leaf-rsa")
            let holder = try ReloadableTLSContext(
                configuration: .server(certifiedKey: TLSCertifiedKey(certificateChain: .file(certificate), privateKey: .file(key))))
            let client = try TestContexts.client { $0.peerVerification = .insecureNoVerification }

            let before = try EmbeddedTLSPair(serverContext: holder.current, clientContext: client)
            try before.activate()
            try before.interact()
            #expect(before.clientRecorder.handshakes.first?.session.peerCertificateSubject == "O=Mailgate Tests,CN=localhost")

            try install("wrong-host")
            let old = holder.current
            try holder.reload()
            #expect(!(old === holder.current))

            let after = try EmbeddedTLSPair(serverContext: holder.current, clientContext: client)
            try after.activate()
            try after.interact()
            #expect(after.clientRecorder.handshakes.first?.session.peerCertificateSubject == "CN=wrong.example.test")

            // The connection made before the reload still works on its old context.
            try before.client.writeAndFlush(ByteBuffer(string: "still here")).wait()
            try before.interact()
            #expect(before.serverRecorder.receivedString == "still here")

            // A broken reload keeps the current context.
            try "garbage".write(toFile: certificate, atomically: true, encoding: .utf8)
            let current = holder.current
            #expect(throws: TLSError.self) { try holder.reload() }
            #expect(current === holder.current)
        }
    }
}
