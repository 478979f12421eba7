import MailModel
import NIOCore
import NIOEmbedded
import TLS
import Testing

/// Handshakes and data between a server and a client `TLSHandler` on two `EmbeddedChannel`s.
extension EmbeddedTLSSuites {
    @Suite final class EmbeddedHandshakeTests {
        private let pki = TestPKI.shared

        deinit {
            EmbeddedTLSPair.shutdownAll()
        }

        private func handshakenPair(
            server: TLSContext? = nil,
            client: TLSContext? = nil,
            hostname: String? = "localhost"
        ) throws -> EmbeddedTLSPair {
            let pair = try EmbeddedTLSPair(
                serverContext: try server ?? TestContexts.server(),
                clientContext: try client ?? TestContexts.client(),
                serverHostname: hostname
            )
            try pair.activate()
            try pair.interact()
            #expect(pair.serverRecorder.handshakes.count == 1, "server errors: \(pair.serverRecorder.errors)")
            #expect(pair.clientRecorder.handshakes.count == 1, "client errors: \(pair.clientRecorder.errors)")
            return pair
        }

        @Test func handshakeForEachVersionAndKeyType() throws {
            let cases: [(version: TLSVersion, key: TLSCertifiedKey, versionName: String, cipherHint: String)] = [
                (.tls1_2, self.pki.rsaLeaf, "TLSv1.2", "ECDHE-RSA"),
                (.tls1_2, self.pki.ecdsaLeaf, "TLSv1.2", "ECDHE-ECDSA"),
                (.tls1_3, self.pki.rsaLeaf, "TLSv1.3", "TLS_"),
                (.tls1_3, self.pki.ecdsaLeaf, "TLSv1.3", "TLS_"),
            ]
            for (version, key, versionName, cipherHint) in cases {
                let pair = try self.handshakenPair(server: try TestContexts.server(key) { $0.maximumVersion = version })
                let clientSession = try #require(pair.clientRecorder.handshakes.first?.session)
                let serverSession = try #require(pair.serverRecorder.handshakes.first?.session)
                #expect(clientSession.parameters.version == versionName)
                #expect(serverSession.parameters.version == versionName)
                #expect(clientSession.parameters.cipher.hasPrefix(cipherHint), Comment(rawValue: clientSession.parameters.cipher))
                #expect(clientSession.parameters.cipher == serverSession.parameters.cipher)
                #expect(clientSession.peerCertificateSubject == "O=Mailgate Tests,CN=localhost")
                #expect(serverSession.peerCertificateSubject == nil)
                #expect(serverSession.serverName == "localhost")
                #expect(pair.clientHandler?.session == clientSession)

                try pair.client.writeAndFlush(ByteBuffer(string: "EHLO client\r\n")).wait()
                try pair.server.writeAndFlush(ByteBuffer(string: "250 ok\r\n")).wait()
                try pair.interact()
                #expect(pair.serverRecorder.receivedString == "EHLO client\r\n")
                #expect(pair.clientRecorder.receivedString == "250 ok\r\n")
            }
        }

        @Test func writesDuringHandshakeAreSentInOrderAfterItWithPromises() throws {
            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
            var completed: [String] = []
            for word in ["one ", "two ", "three"] {
                pair.client.write(ByteBuffer(string: word)).assumeIsolated().whenSuccess { completed.append(word) }
            }
            pair.client.flush()
            // The greeting an implicit-TLS server writes as soon as the connection is up.
            pair.server.writeAndFlush(ByteBuffer(string: "220 greeting\r\n")).assumeIsolated().whenSuccess {
                completed.append("greeting")
            }
            try pair.activate()
            // ClientHello -> server flight -> client Finished plus its buffered data in ONE read on the server.
            try pair.server.writeInbound(try pair.takeOutbound(from: pair.client))
            try pair.client.writeInbound(try pair.takeOutbound(from: pair.server))
            #expect(completed.isEmpty || completed == ["one ", "two ", "three"])
            try pair.server.writeInbound(try pair.takeOutbound(from: pair.client))
            try pair.interact()

            #expect(pair.serverRecorder.receivedString == "one two three")
            #expect(pair.clientRecorder.receivedString == "220 greeting\r\n")
            #expect(Array(completed.filter { $0 != "greeting" }) == ["one ", "two ", "three"])
            #expect(completed.contains("greeting"))
            #expect(pair.serverRecorder.log.prefix(2) == ["handshake", "read"])
            #expect(pair.clientRecorder.log.prefix(2) == ["handshake", "read"])
        }

        @Test func unflushedWritesWaitForFlush() throws {
            let pair = try self.handshakenPair()
            pair.client.write(ByteBuffer(string: "held"), promise: nil)
            try pair.interact()
            #expect(pair.serverRecorder.received.readableBytes == 0)
            pair.client.flush()
            try pair.interact()
            #expect(pair.serverRecorder.receivedString == "held")
        }

        @Test func partialRecordsByteByByte() throws {
            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
            try pair.activate()
            try pair.interact(chunkSize: 1)
            #expect(pair.serverRecorder.handshakes.count == 1)
            #expect(pair.clientRecorder.handshakes.count == 1)
            let payload = String(repeating: "0123456789abcdef", count: 4096)  // 64 KiB: several records
            try pair.client.writeAndFlush(ByteBuffer(string: payload)).wait()
            try pair.interact(chunkSize: 7)
            #expect(pair.serverRecorder.receivedString == payload)
        }

        @Test func serverNameSelectsCertificateAndALPNUsesServerPreference() throws {
            let server = try TestContexts.server {
                $0.serverNameCertificates = ["sni.example.test": self.pki.sniLeaf]
                $0.applicationProtocols = ["smtp", "h2"]
            }
            let client = try TestContexts.client { $0.applicationProtocols = ["h2", "smtp"] }
            let pair = try self.handshakenPair(server: server, client: client, hostname: "sni.example.test")
            let clientSession = try #require(pair.clientRecorder.handshakes.first?.session)
            let serverSession = try #require(pair.serverRecorder.handshakes.first?.session)
            #expect(clientSession.peerCertificateSubject == "CN=sni.example.test")
            #expect(serverSession.serverName == "sni.example.test")
            #expect(clientSession.applicationProtocol == "smtp")
            #expect(serverSession.applicationProtocol == "smtp")

            // An unknown name gets the default certificate.
            let fallback = try self.handshakenPair(
                server: server, client: try TestContexts.client { $0.peerVerification = .insecureNoVerification },
                hostname: "other.example.test")
            #expect(fallback.clientRecorder.handshakes.first?.session.peerCertificateSubject == "O=Mailgate Tests,CN=localhost")
        }

        @Test func closeNotifyIsSentAndAnswered() throws {
            let pair = try self.handshakenPair()
            try pair.server.writeAndFlush(ByteBuffer(string: "221 bye\r\n")).wait()
            let closed = pair.server.close()
            try pair.interact()
            try closed.wait()
            #expect(pair.clientRecorder.receivedString == "221 bye\r\n")
            #expect(!pair.server.isActive)
            #expect(!pair.client.isActive, "the client answers close_notify and closes")
            #expect(pair.serverRecorder.errors.isEmpty, "\(pair.serverRecorder.errors)")
            #expect(pair.clientRecorder.errors.isEmpty, "\(pair.clientRecorder.errors)")
            #expect(pair.clientRecorder.becameInactive)
        }

        @Test func closeWaitsForPeerCloseNotifyAtMostTheTimeout() throws {
            let pair = try self.handshakenPair(server: try TestContexts.server { $0.closeNotifyTimeout = .seconds(2) })
            let closed = pair.server.close()
            pair.server.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
            #expect(pair.server.isActive, "still waiting for the peer's close_notify")
            #expect(!(try pair.takeOutbound(from: pair.server).readableBytes == 0), "close_notify was sent")
            pair.server.embeddedEventLoop.advanceTime(by: .milliseconds(200))
            try closed.wait()
            #expect(!pair.server.isActive)
            #expect(pair.serverRecorder.errors.isEmpty)
        }

        @Test func writesAfterCloseFail() throws {
            let pair = try self.handshakenPair()
            pair.client.close(promise: nil)
            #expect(throws: ChannelError.ioOnClosedChannel) {
                try pair.client.writeAndFlush(ByteBuffer(string: "late")).wait()
            }
        }

        @Test func transportClosedWithoutCloseNotifyIsUncleanShutdown() throws {
            let pair = try self.handshakenPair()
            pair.server.pipeline.fireChannelInactive()
            #expect(pair.serverRecorder.tlsErrors == [.uncleanShutdown])
            #expect(pair.serverRecorder.log.suffix(2) == ["error", "inactive"])
        }

        @Test func transportClosedDuringHandshakeIsEOFDuringHandshake() throws {
            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
            var writeError: (any Error)?
            pair.client.writeAndFlush(ByteBuffer(string: "early")).assumeIsolated().whenFailure { writeError = $0 }
            try pair.activate()
            pair.client.pipeline.fireChannelInactive()
            #expect(pair.clientRecorder.tlsErrors == [.eofDuringHandshake])
            #expect(writeError as? TLSError == .eofDuringHandshake)
        }

        @Test func certificateVerificationFailuresAreTyped() throws {
            let cases: [(name: String, key: TLSCertifiedKey, hostname: String, check: (TLSCertificateVerificationFailure) -> Bool)] = [
                ("wrong CA", self.pki.otherCALeaf, "localhost", { if case .untrustedIssuer = $0 { true } else { false } }),
                ("expired", self.pki.expiredLeaf, "localhost", { $0 == .expired }),
                ("wrong host", self.pki.wrongHostLeaf, "localhost", { $0 == .hostnameMismatch }),
                ("wrong IP", self.pki.rsaLeaf, "127.0.0.2", { $0 == .hostnameMismatch }),
            ]
            for (name, key, hostname, check) in cases {
                let pair = try EmbeddedTLSPair(
                    serverContext: try TestContexts.server(key), clientContext: try TestContexts.client(),
                    serverHostname: hostname)
                try pair.activate()
                try pair.interact()
                #expect(pair.clientRecorder.handshakes.isEmpty, Comment(rawValue: name))
                guard case .certificateVerificationFailed(let failure) = pair.clientRecorder.tlsErrors.first else {
                    Issue.record("\(name): expected a verification failure, got \(pair.clientRecorder.errors)")
                    continue
                }
                #expect(check(failure), "\(name): \(failure)")
                #expect(!pair.client.isActive, Comment(rawValue: name))
                // The server learns from the alert and fails too.
                #expect(!pair.serverRecorder.tlsErrors.isEmpty, Comment(rawValue: name))
                #expect(!pair.server.isActive, Comment(rawValue: name))
            }
        }

        @Test func ipAddressIsVerifiedAgainstIPSubjectAltName() throws {
            let pair = try self.handshakenPair(hostname: "127.0.0.1")
            #expect(pair.serverRecorder.handshakes.first?.session.serverName == nil, "IP literals are not sent as SNI")
        }

        @Test func pinnedPublicKey() throws {
            let pin = try self.pki.publicKeyPin(of: "wrong-host")
            let client = try TestContexts.client { $0.peerVerification = .pinnedPublicKeys([pin]) }
            // The pin replaces chain and name checks: the wrong-host certificate is accepted by its key.
            _ = try self.handshakenPair(server: try TestContexts.server(self.pki.wrongHostLeaf), client: client)

            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: client)
            try pair.activate()
            try pair.interact()
            #expect(pair.clientRecorder.tlsErrors == [.certificateVerificationFailed(.publicKeyPinMismatch)])
            #expect(pair.clientRecorder.handshakes.isEmpty)
        }

        @Test func insecureNoVerificationMustBeExplicit() throws {
            let client = try TestContexts.client { $0.peerVerification = .insecureNoVerification }
            _ = try self.handshakenPair(server: try TestContexts.server(self.pki.otherCALeaf), client: client)
            let error = #expect(throws: TLSError.self) {
                try TLSHandler(context: try TestContexts.client(), serverHostname: nil)
            }
            guard case .invalidConfiguration? = error else {
                Issue.record("\(String(describing: error))")
                return
            }
        }

        @Test func clientCertificates() throws {
            let server = try TestContexts.server { $0.clientAuthentication = .required(.file(self.pki.caFile)) }
            let withCertificate = try TestContexts.client { $0.certifiedKey = self.pki.clientLeaf }
            let pair = try self.handshakenPair(server: server, client: withCertificate)
            #expect(pair.serverRecorder.handshakes.first?.session.peerCertificateSubject == "CN=client-user")

            for version in [TLSVersion.tls1_2, .tls1_3] {
                let without = try EmbeddedTLSPair(
                    serverContext: try TestContexts.server { $0.clientAuthentication = .required(.file(self.pki.caFile)); $0.maximumVersion = version },
                    clientContext: try TestContexts.client())
                try without.activate()
                try without.interact()
                #expect(without.serverRecorder.tlsErrors == [.certificateVerificationFailed(.noPeerCertificate)], "\(version)")
                #expect(!without.server.isActive)
            }

            let optional = try TestContexts.server { $0.clientAuthentication = .optional(.file(self.pki.caFile)) }
            let anonymous = try self.handshakenPair(server: optional)
            #expect(anonymous.serverRecorder.handshakes.first?.session.peerCertificateSubject == nil)
        }

        @Test func plaintextWhereHandshakeWasExpected() throws {
            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: nil)
            try pair.activate()
            try pair.server.writeInbound(ByteBuffer(string: "MAIL FROM:<a@example.com>\r\n"))
            #expect(pair.serverRecorder.tlsErrors == [.plaintextInsteadOfHandshake])
            #expect(!pair.server.isActive)
            #expect(pair.serverRecorder.received.readableBytes == 0, "no plaintext ever reaches the session")
        }

        @Test func startTLSOnActiveChannels() throws {
            let pair = try EmbeddedTLSPair(serverContext: nil, clientContext: nil)
            try pair.activate()
            try pair.client.writeAndFlush(ByteBuffer(string: "STARTTLS\r\n")).wait()
            try pair.interact()
            #expect(pair.serverRecorder.receivedString == "STARTTLS\r\n")
            try pair.server.writeAndFlush(ByteBuffer(string: "220 ready\r\n")).wait()
            try STARTTLSUpgrade.addServerHandler(context: try TestContexts.server(), to: pair.server.pipeline.syncOperations)
            try pair.interact()
            #expect(pair.clientRecorder.receivedString == "220 ready\r\n")
            try pair.client.pipeline.syncOperations.addHandler(
                try TLSHandler(context: try TestContexts.client(), serverHostname: "localhost"), position: .first)
            try pair.interact()
            #expect(pair.serverRecorder.handshakes.count == 1)
            #expect(pair.clientRecorder.handshakes.count == 1)
            try pair.client.writeAndFlush(ByteBuffer(string: "EHLO again\r\n")).wait()
            try pair.interact()
            #expect(pair.serverRecorder.receivedString == "STARTTLS\r\nEHLO again\r\n")
        }

        @Test func readsFollowTheUserOnceHandshakeIsDone() throws {
            let counter = ReadCounter()
            let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
            try pair.server.pipeline.syncOperations.addHandler(counter, position: .first)
            try pair.activate()
            try pair.interact()
            #expect(counter.reads > 0, "the handshake reads on its own")

            let before = counter.reads
            try pair.client.writeAndFlush(ByteBuffer(string: "unrequested")).wait()
            try pair.interact()
            #expect(counter.reads == before, "no read() from the user, none from the handler")

            pair.server.read()
            #expect(counter.reads == before + 1)
            // Half a record: the user's read() got nothing, so the handler asks again.
            try pair.client.writeAndFlush(ByteBuffer(string: "split record")).wait()
            var record = try pair.takeOutbound(from: pair.client)
            try pair.server.writeInbound(record.readSlice(length: 5)!)
            #expect(counter.reads == before + 2)
            try pair.server.writeInbound(record)
            #expect(counter.reads == before + 2, "data delivered: the next read is the user's call")
            #expect(pair.serverRecorder.receivedString == "unrequestedsplit record")
        }

        @Test func corruptedRecordIsAProtocolError() throws {
            let pair = try self.handshakenPair()
            try pair.client.writeAndFlush(ByteBuffer(string: "MAIL FROM:<a@example.com>\r\n")).wait()
            var record = try pair.takeOutbound(from: pair.client)
            let last = record.writerIndex - 1
            record.setInteger(record.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
            try pair.server.writeInbound(record)
            guard case .protocolError(let errors) = pair.serverRecorder.tlsErrors.first else {
                Issue.record("\(pair.serverRecorder.errors)"); return
            }
            #expect(!errors.isEmpty)
            #expect(pair.serverRecorder.received.readableBytes == 0, "tampered data is never delivered")
            #expect(!pair.server.isActive)
        }

        @Test func wildcardServerNameAndALPNWithoutOverlap() throws {
            let server = try TestContexts.server {
                $0.serverNameCertificates = ["*.example.test": self.pki.sniLeaf]
                $0.applicationProtocols = ["smtp"]
            }
            let client = try TestContexts.client {
                $0.peerVerification = .insecureNoVerification
                $0.applicationProtocols = ["h2"]
            }
            let pair = try self.handshakenPair(server: server, client: client, hostname: "mx.Example.test")
            let session = try #require(pair.clientRecorder.handshakes.first?.session)
            #expect(session.peerCertificateSubject == "CN=sni.example.test")
            #expect(session.applicationProtocol == nil, "no common protocol: the handshake goes on without ALPN")
        }

        @Test func handshakeTimeout() throws {
            let pair = try EmbeddedTLSPair(
                serverContext: try TestContexts.server { $0.handshakeTimeout = .seconds(10) }, clientContext: nil)
            try pair.activate()
            pair.server.embeddedEventLoop.advanceTime(by: .seconds(9))
            #expect(pair.server.isActive)
            pair.server.embeddedEventLoop.advanceTime(by: .seconds(1))
            #expect(pair.serverRecorder.tlsErrors == [.handshakeTimeout])
            #expect(!pair.server.isActive)

            // A completed handshake cancels the timer.
            let done = try self.handshakenPair(server: try TestContexts.server { $0.handshakeTimeout = .seconds(10) })
            done.server.embeddedEventLoop.advanceTime(by: .seconds(60))
            #expect(done.server.isActive)
            #expect(done.serverRecorder.errors.isEmpty)
        }
    }
}
