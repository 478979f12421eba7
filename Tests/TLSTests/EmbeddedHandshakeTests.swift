import NIOCore
import NIOEmbedded
import TLS
import XCTest

/// Handshakes and data between a server and a client `TLSHandler` on two `EmbeddedChannel`s.
final class EmbeddedHandshakeTests: XCTestCase {
    private let pki = TestPKI.shared

    override func tearDown() {
        EmbeddedTLSPair.shutdownAll()
        super.tearDown()
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
        XCTAssertEqual(pair.serverRecorder.handshakes.count, 1, "server errors: \(pair.serverRecorder.errors)")
        XCTAssertEqual(pair.clientRecorder.handshakes.count, 1, "client errors: \(pair.clientRecorder.errors)")
        return pair
    }

    func testHandshakeForEachVersionAndKeyType() throws {
        let cases: [(version: TLSVersion, key: TLSCertifiedKey, versionName: String, cipherHint: String)] = [
            (.tls1_2, self.pki.rsaLeaf, "TLSv1.2", "ECDHE-RSA"),
            (.tls1_2, self.pki.ecdsaLeaf, "TLSv1.2", "ECDHE-ECDSA"),
            (.tls1_3, self.pki.rsaLeaf, "TLSv1.3", "TLS_"),
            (.tls1_3, self.pki.ecdsaLeaf, "TLSv1.3", "TLS_"),
        ]
        for (version, key, versionName, cipherHint) in cases {
            let pair = try self.handshakenPair(server: try TestContexts.server(key) { $0.maximumVersion = version })
            let clientSession = try XCTUnwrap(pair.clientRecorder.handshakes.first?.session)
            let serverSession = try XCTUnwrap(pair.serverRecorder.handshakes.first?.session)
            XCTAssertEqual(clientSession.protocolVersion, versionName)
            XCTAssertEqual(serverSession.protocolVersion, versionName)
            XCTAssertTrue(clientSession.cipher.hasPrefix(cipherHint), clientSession.cipher)
            XCTAssertEqual(clientSession.cipher, serverSession.cipher)
            XCTAssertEqual(clientSession.peerCertificateSubject, "O=Mailgate Tests,CN=localhost")
            XCTAssertNil(serverSession.peerCertificateSubject)
            XCTAssertEqual(serverSession.serverName, "localhost")
            XCTAssertEqual(pair.clientHandler?.session, clientSession)

            try pair.client.writeAndFlush(ByteBuffer(string: "EHLO client\r\n")).wait()
            try pair.server.writeAndFlush(ByteBuffer(string: "250 ok\r\n")).wait()
            try pair.interact()
            XCTAssertEqual(pair.serverRecorder.receivedString, "EHLO client\r\n")
            XCTAssertEqual(pair.clientRecorder.receivedString, "250 ok\r\n")
        }
    }

    func testWritesDuringHandshakeAreSentInOrderAfterItWithPromises() throws {
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
        XCTAssertTrue(completed.isEmpty || completed == ["one ", "two ", "three"])
        try pair.server.writeInbound(try pair.takeOutbound(from: pair.client))
        try pair.interact()

        XCTAssertEqual(pair.serverRecorder.receivedString, "one two three")
        XCTAssertEqual(pair.clientRecorder.receivedString, "220 greeting\r\n")
        XCTAssertEqual(Array(completed.filter { $0 != "greeting" }), ["one ", "two ", "three"])
        XCTAssertTrue(completed.contains("greeting"))
        XCTAssertEqual(pair.serverRecorder.log.prefix(2), ["handshake", "read"])
        XCTAssertEqual(pair.clientRecorder.log.prefix(2), ["handshake", "read"])
    }

    func testUnflushedWritesWaitForFlush() throws {
        let pair = try self.handshakenPair()
        pair.client.write(ByteBuffer(string: "held"), promise: nil)
        try pair.interact()
        XCTAssertEqual(pair.serverRecorder.received.readableBytes, 0)
        pair.client.flush()
        try pair.interact()
        XCTAssertEqual(pair.serverRecorder.receivedString, "held")
    }

    func testPartialRecordsByteByByte() throws {
        let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
        try pair.activate()
        try pair.interact(chunkSize: 1)
        XCTAssertEqual(pair.serverRecorder.handshakes.count, 1)
        XCTAssertEqual(pair.clientRecorder.handshakes.count, 1)
        let payload = String(repeating: "0123456789abcdef", count: 4096)  // 64 KiB: several records
        try pair.client.writeAndFlush(ByteBuffer(string: payload)).wait()
        try pair.interact(chunkSize: 7)
        XCTAssertEqual(pair.serverRecorder.receivedString, payload)
    }

    func testServerNameSelectsCertificateAndALPNUsesServerPreference() throws {
        let server = try TestContexts.server {
            $0.serverNameCertificates = ["sni.example.test": self.pki.sniLeaf]
            $0.applicationProtocols = ["smtp", "h2"]
        }
        let client = try TestContexts.client { $0.applicationProtocols = ["h2", "smtp"] }
        let pair = try self.handshakenPair(server: server, client: client, hostname: "sni.example.test")
        let clientSession = try XCTUnwrap(pair.clientRecorder.handshakes.first?.session)
        let serverSession = try XCTUnwrap(pair.serverRecorder.handshakes.first?.session)
        XCTAssertEqual(clientSession.peerCertificateSubject, "CN=sni.example.test")
        XCTAssertEqual(serverSession.serverName, "sni.example.test")
        XCTAssertEqual(clientSession.applicationProtocol, "smtp")
        XCTAssertEqual(serverSession.applicationProtocol, "smtp")

        // An unknown name gets the default certificate.
        let fallback = try self.handshakenPair(
            server: server, client: try TestContexts.client { $0.peerVerification = .insecureNoVerification },
            hostname: "other.example.test")
        XCTAssertEqual(fallback.clientRecorder.handshakes.first?.session.peerCertificateSubject, "O=Mailgate Tests,CN=localhost")
    }

    func testCloseNotifyIsSentAndAnswered() throws {
        let pair = try self.handshakenPair()
        try pair.server.writeAndFlush(ByteBuffer(string: "221 bye\r\n")).wait()
        let closed = pair.server.close()
        try pair.interact()
        try closed.wait()
        XCTAssertEqual(pair.clientRecorder.receivedString, "221 bye\r\n")
        XCTAssertFalse(pair.server.isActive)
        XCTAssertFalse(pair.client.isActive, "the client answers close_notify and closes")
        XCTAssertTrue(pair.serverRecorder.errors.isEmpty, "\(pair.serverRecorder.errors)")
        XCTAssertTrue(pair.clientRecorder.errors.isEmpty, "\(pair.clientRecorder.errors)")
        XCTAssertTrue(pair.clientRecorder.becameInactive)
    }

    func testCloseWaitsForPeerCloseNotifyAtMostTheTimeout() throws {
        let pair = try self.handshakenPair(server: try TestContexts.server { $0.closeNotifyTimeout = .seconds(2) })
        let closed = pair.server.close()
        pair.server.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
        XCTAssertTrue(pair.server.isActive, "still waiting for the peer's close_notify")
        XCTAssertFalse(try pair.takeOutbound(from: pair.server).readableBytes == 0, "close_notify was sent")
        pair.server.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        try closed.wait()
        XCTAssertFalse(pair.server.isActive)
        XCTAssertTrue(pair.serverRecorder.errors.isEmpty)
    }

    func testWritesAfterCloseFail() throws {
        let pair = try self.handshakenPair()
        pair.client.close(promise: nil)
        XCTAssertThrowsError(try pair.client.writeAndFlush(ByteBuffer(string: "late")).wait()) { error in
            XCTAssertEqual(error as? ChannelError, .ioOnClosedChannel)
        }
    }

    func testTransportClosedWithoutCloseNotifyIsUncleanShutdown() throws {
        let pair = try self.handshakenPair()
        pair.server.pipeline.fireChannelInactive()
        XCTAssertEqual(pair.serverRecorder.tlsErrors, [.uncleanShutdown])
        XCTAssertEqual(pair.serverRecorder.log.suffix(2), ["error", "inactive"])
    }

    func testTransportClosedDuringHandshakeIsEOFDuringHandshake() throws {
        let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
        var writeError: (any Error)?
        pair.client.writeAndFlush(ByteBuffer(string: "early")).assumeIsolated().whenFailure { writeError = $0 }
        try pair.activate()
        pair.client.pipeline.fireChannelInactive()
        XCTAssertEqual(pair.clientRecorder.tlsErrors, [.eofDuringHandshake])
        XCTAssertEqual(writeError as? TLSError, .eofDuringHandshake)
    }

    func testCertificateVerificationFailuresAreTyped() throws {
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
            XCTAssertTrue(pair.clientRecorder.handshakes.isEmpty, name)
            guard case .certificateVerificationFailed(let failure) = pair.clientRecorder.tlsErrors.first else {
                XCTFail("\(name): expected a verification failure, got \(pair.clientRecorder.errors)")
                continue
            }
            XCTAssertTrue(check(failure), "\(name): \(failure)")
            XCTAssertFalse(pair.client.isActive, name)
            // The server learns from the alert and fails too.
            XCTAssertFalse(pair.serverRecorder.tlsErrors.isEmpty, name)
            XCTAssertFalse(pair.server.isActive, name)
        }
    }

    func testIPAddressIsVerifiedAgainstIPSubjectAltName() throws {
        let pair = try self.handshakenPair(hostname: "127.0.0.1")
        XCTAssertNil(pair.serverRecorder.handshakes.first?.session.serverName, "IP literals are not sent as SNI")
    }

    func testPinnedPublicKey() throws {
        let pin = try self.pki.publicKeyPin(of: "wrong-host")
        let client = try TestContexts.client { $0.peerVerification = .pinnedPublicKeys([pin]) }
        // The pin replaces chain and name checks: the wrong-host certificate is accepted by its key.
        _ = try self.handshakenPair(server: try TestContexts.server(self.pki.wrongHostLeaf), client: client)

        let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: client)
        try pair.activate()
        try pair.interact()
        XCTAssertEqual(pair.clientRecorder.tlsErrors, [.certificateVerificationFailed(.publicKeyPinMismatch)])
        XCTAssertTrue(pair.clientRecorder.handshakes.isEmpty)
    }

    func testInsecureNoVerificationMustBeExplicit() throws {
        let client = try TestContexts.client { $0.peerVerification = .insecureNoVerification }
        _ = try self.handshakenPair(server: try TestContexts.server(self.pki.otherCALeaf), client: client)
        XCTAssertThrowsError(try TLSHandler(context: try TestContexts.client(), serverHostname: nil)) { error in
            guard case .invalidConfiguration = error as? TLSError else { return XCTFail("\(error)") }
        }
    }

    func testClientCertificates() throws {
        let server = try TestContexts.server { $0.clientAuthentication = .required(.file(self.pki.caFile)) }
        let withCertificate = try TestContexts.client { $0.certifiedKey = self.pki.clientLeaf }
        let pair = try self.handshakenPair(server: server, client: withCertificate)
        XCTAssertEqual(pair.serverRecorder.handshakes.first?.session.peerCertificateSubject, "CN=client-user")

        for version in [TLSVersion.tls1_2, .tls1_3] {
            let without = try EmbeddedTLSPair(
                serverContext: try TestContexts.server { $0.clientAuthentication = .required(.file(self.pki.caFile)); $0.maximumVersion = version },
                clientContext: try TestContexts.client())
            try without.activate()
            try without.interact()
            XCTAssertEqual(without.serverRecorder.tlsErrors, [.certificateVerificationFailed(.noPeerCertificate)], "\(version)")
            XCTAssertFalse(without.server.isActive)
        }

        let optional = try TestContexts.server { $0.clientAuthentication = .optional(.file(self.pki.caFile)) }
        let anonymous = try self.handshakenPair(server: optional)
        XCTAssertNil(anonymous.serverRecorder.handshakes.first?.session.peerCertificateSubject)
    }

    func testPlaintextWhereHandshakeWasExpected() throws {
        let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: nil)
        try pair.activate()
        try pair.server.writeInbound(ByteBuffer(string: "MAIL FROM:<a@example.com>\r\n"))
        XCTAssertEqual(pair.serverRecorder.tlsErrors, [.plaintextInsteadOfHandshake])
        XCTAssertFalse(pair.server.isActive)
        XCTAssertEqual(pair.serverRecorder.received.readableBytes, 0, "no plaintext ever reaches the session")
    }

    func testSTARTTLSOnActiveChannels() throws {
        let pair = try EmbeddedTLSPair(serverContext: nil, clientContext: nil)
        try pair.activate()
        try pair.client.writeAndFlush(ByteBuffer(string: "STARTTLS\r\n")).wait()
        try pair.interact()
        XCTAssertEqual(pair.serverRecorder.receivedString, "STARTTLS\r\n")
        XCTAssertThrowsError(try STARTTLSUpgrade.checkNoPipelinedPlaintext(bufferedByteCount: 12)) { error in
            XCTAssertEqual(error as? TLSError, .plaintextPipelinedBeforeTLS(byteCount: 12))
        }
        try STARTTLSUpgrade.checkNoPipelinedPlaintext(bufferedByteCount: 0)
        try pair.server.writeAndFlush(ByteBuffer(string: "220 ready\r\n")).wait()
        try STARTTLSUpgrade.addServerHandler(context: try TestContexts.server(), to: pair.server.pipeline.syncOperations)
        try pair.interact()
        XCTAssertEqual(pair.clientRecorder.receivedString, "220 ready\r\n")
        try pair.client.pipeline.syncOperations.addHandler(
            try TLSHandler(context: try TestContexts.client(), serverHostname: "localhost"), position: .first)
        try pair.interact()
        XCTAssertEqual(pair.serverRecorder.handshakes.count, 1)
        XCTAssertEqual(pair.clientRecorder.handshakes.count, 1)
        try pair.client.writeAndFlush(ByteBuffer(string: "EHLO again\r\n")).wait()
        try pair.interact()
        XCTAssertEqual(pair.serverRecorder.receivedString, "STARTTLS\r\nEHLO again\r\n")
    }

    func testReadsFollowTheUserOnceHandshakeIsDone() throws {
        let counter = ReadCounter()
        let pair = try EmbeddedTLSPair(serverContext: try TestContexts.server(), clientContext: try TestContexts.client())
        try pair.server.pipeline.syncOperations.addHandler(counter, position: .first)
        try pair.activate()
        try pair.interact()
        XCTAssertGreaterThan(counter.reads, 0, "the handshake reads on its own")

        let before = counter.reads
        try pair.client.writeAndFlush(ByteBuffer(string: "unrequested")).wait()
        try pair.interact()
        XCTAssertEqual(counter.reads, before, "no read() from the user, none from the handler")

        pair.server.read()
        XCTAssertEqual(counter.reads, before + 1)
        // Half a record: the user's read() got nothing, so the handler asks again.
        try pair.client.writeAndFlush(ByteBuffer(string: "split record")).wait()
        var record = try pair.takeOutbound(from: pair.client)
        try pair.server.writeInbound(record.readSlice(length: 5)!)
        XCTAssertEqual(counter.reads, before + 2)
        try pair.server.writeInbound(record)
        XCTAssertEqual(counter.reads, before + 2, "data delivered: the next read is the user's call")
        XCTAssertEqual(pair.serverRecorder.receivedString, "unrequestedsplit record")
    }

    func testCorruptedRecordIsAProtocolError() throws {
        let pair = try self.handshakenPair()
        try pair.client.writeAndFlush(ByteBuffer(string: "MAIL FROM:<a@example.com>\r\n")).wait()
        var record = try pair.takeOutbound(from: pair.client)
        let last = record.writerIndex - 1
        record.setInteger(record.getInteger(at: last, as: UInt8.self)! ^ 0x01, at: last)
        try pair.server.writeInbound(record)
        guard case .protocolError(let errors) = pair.serverRecorder.tlsErrors.first else {
            return XCTFail("\(pair.serverRecorder.errors)")
        }
        XCTAssertFalse(errors.isEmpty)
        XCTAssertEqual(pair.serverRecorder.received.readableBytes, 0, "tampered data is never delivered")
        XCTAssertFalse(pair.server.isActive)
    }

    func testWildcardServerNameAndALPNWithoutOverlap() throws {
        let server = try TestContexts.server {
            $0.serverNameCertificates = ["*.example.test": self.pki.sniLeaf]
            $0.applicationProtocols = ["smtp"]
        }
        let client = try TestContexts.client {
            $0.peerVerification = .insecureNoVerification
            $0.applicationProtocols = ["h2"]
        }
        let pair = try self.handshakenPair(server: server, client: client, hostname: "mx.Example.test")
        let session = try XCTUnwrap(pair.clientRecorder.handshakes.first?.session)
        XCTAssertEqual(session.peerCertificateSubject, "CN=sni.example.test")
        XCTAssertNil(session.applicationProtocol, "no common protocol: the handshake goes on without ALPN")
    }

    func testHandshakeTimeout() throws {
        let pair = try EmbeddedTLSPair(
            serverContext: try TestContexts.server { $0.handshakeTimeout = .seconds(10) }, clientContext: nil)
        try pair.activate()
        pair.server.embeddedEventLoop.advanceTime(by: .seconds(9))
        XCTAssertTrue(pair.server.isActive)
        pair.server.embeddedEventLoop.advanceTime(by: .seconds(1))
        XCTAssertEqual(pair.serverRecorder.tlsErrors, [.handshakeTimeout])
        XCTAssertFalse(pair.server.isActive)

        // A completed handshake cancels the timer.
        let done = try self.handshakenPair(server: try TestContexts.server { $0.handshakeTimeout = .seconds(10) })
        done.server.embeddedEventLoop.advanceTime(by: .seconds(60))
        XCTAssertTrue(done.server.isActive)
        XCTAssertTrue(done.serverRecorder.errors.isEmpty)
    }
}
