import Foundation
import MailModel
import NIOCore
import NIOPosix
import TLS
import Testing

/// Our handler against real peers over 127.0.0.1: `openssl s_client`/`s_server` and Python's `ssl`.
@Suite struct InteropTests {
    private let pki = TestPKI.shared
    private let versions: [(flag: String, python: String, name: String, version: TLSVersion)] = [
        ("-tls1_2", "1.2", "TLSv1.2", .tls1_2), ("-tls1_3", "1.3", "TLSv1.3", .tls1_3),
    ]
    private var keys: [(name: String, key: TLSCertifiedKey)] {
        [("leaf-rsa", self.pki.rsaLeaf), ("leaf-ecdsa", self.pki.ecdsaLeaf)]
    }

    @Test func ourServerWithOpenSSLClient() throws {
        for (flag, _, versionName, _) in self.versions {
            for (keyName, key) in self.keys {
                let log = OutcomeLog()
                let (server, port) = try InteropHarness.startLineServer(context: try TestContexts.server(key), log: log)
                defer { try? server.close().wait() }
                let result = try ExternalCommand.runAllowingFailure(
                    "timeout",
                    [
                        "20", "openssl", "s_client", "-connect", "127.0.0.1:\(port)", flag, "-CAfile", self.pki.caFile,
                        "-verify_return_error", "-servername", "localhost", "-verify_hostname", "localhost", "-brief",
                        "-ign_eof",
                    ],
                    stdin: Data("hello\r\nQUIT\r\n".utf8))
                let label = "\(versionName) \(keyName)"
                #expect(result.status == 0, "\(label): \(result.stderr)")
                #expect(result.stdout == "220 \(versionName)\r\n250 HELLO\r\n221 bye\r\n", Comment(rawValue: label))
                #expect(result.stderr.contains("Protocol version: \(versionName)"), "\(label): \(result.stderr)")
                #expect(result.stderr.contains("Verification: OK"), "\(label): \(result.stderr)")
                let outcomes = InteropHarness.waitForOutcomes(log, count: 1)
                #expect(outcomes.first?.session?.parameters.version == versionName, Comment(rawValue: label))
                #expect(outcomes.first?.session?.serverName == "localhost", Comment(rawValue: label))
                #expect(outcomes.first?.errors ?? ["no outcome"] == [], Comment(rawValue: label))
            }
        }
    }

    @Test func ourServerWithPythonClient() throws {
        let script = try PythonPeers.write(PythonPeers.client, named: "client.py")
        for (_, python, versionName, _) in self.versions {
            for (keyName, key) in self.keys {
                let log = OutcomeLog()
                let (server, port) = try InteropHarness.startLineServer(context: try TestContexts.server(key), log: log)
                defer { try? server.close().wait() }
                let label = "\(versionName) \(keyName)"
                let output = try ExternalCommand.run("timeout", ["20", "python3", script, String(port), self.pki.caFile, python])
                let summary = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
                #expect(summary?["greeting"] as? String == "220 \(versionName)\r\n", Comment(rawValue: label))
                #expect(summary?["reply"] as? String == "250 HELLO PYTHON\r\n", Comment(rawValue: label))
                #expect(summary?["bye"] as? String == "221 bye\r\n", Comment(rawValue: label))
                #expect(summary?["clean"] as? Bool == true, "\(label): our close_notify reached Python")
                #expect(summary?["version"] as? String == versionName, Comment(rawValue: label))
                let outcomes = InteropHarness.waitForOutcomes(log, count: 1)
                #expect(outcomes.first?.errors ?? ["no outcome"] == [], "\(label): Python's close_notify reached us")
            }
        }
    }

    private func startOpenSSLServer(_ name: String, extra: [String] = []) throws -> (PeerProcess, Int) {
        let peer = try PeerProcess(
            "openssl",
            [
                "s_server", "-accept", "127.0.0.1:0", "-cert", self.pki.path("\(name).pem"), "-key",
                self.pki.path("\(name).key"), "-naccept", "1", "-rev",
            ] + extra)
        let line = try peer.waitForLine { $0.hasPrefix("ACCEPT") }
        return (peer, Int(line.split(separator: ":").last!)!)
    }

    @Test func ourClientWithOpenSSLServer() throws {
        for (flag, _, versionName, _) in self.versions {
            for (keyName, _) in self.keys {
                let (peer, port) = try self.startOpenSSLServer(keyName, extra: [flag])
                defer { peer.terminate() }
                let outcome = try InteropHarness.connectProbe(
                    context: try TestContexts.client(), port: port, lines: ["hello openssl\n"], expected: "lssnepo olleh")
                let label = "\(versionName) \(keyName)"
                #expect(outcome.errors == [], Comment(rawValue: label))
                #expect(outcome.received.contains("lssnepo olleh"), "\(label): \(outcome.received)")
                #expect(outcome.session?.parameters.version == versionName, Comment(rawValue: label))
                #expect(outcome.session?.peerCertificateSubject == "O=Mailgate Tests,CN=localhost", Comment(rawValue: label))
            }
        }
    }

    @Test func ourClientRefusesBadCertificatesFromOpenSSLServer() throws {
        let cases: [(name: String, expected: (TLSCertificateVerificationFailure) -> Bool)] = [
            ("other-ca-leaf", { if case .untrustedIssuer = $0 { true } else { false } }),
            ("expired", { $0 == .expired }),
            ("wrong-host", { $0 == .hostnameMismatch }),
        ]
        for (name, expected) in cases {
            let (peer, port) = try self.startOpenSSLServer(name)
            defer { peer.terminate() }
            let outcome = try InteropHarness.connectProbe(
                context: try TestContexts.client(), port: port, lines: ["x\n"], expected: "never")
            #expect(outcome.session == nil, Comment(rawValue: name))
            guard case .certificateVerificationFailed(let failure) = outcome.tlsErrors.first else {
                Issue.record("\(name): expected a certificate verification failure, got \(outcome.errors)")
                continue
            }
            #expect(expected(failure), "\(name): \(failure)")
        }
    }

    @Test func ourClientWithPythonServer() throws {
        let script = try PythonPeers.write(PythonPeers.server, named: "server.py")
        for (_, python, versionName, _) in self.versions {
            let peer = try PeerProcess(
                "timeout", ["20", "python3", script, self.pki.path("leaf-ecdsa.pem"), self.pki.path("leaf-ecdsa.key"), python])
            defer { peer.terminate() }
            let port = Int(try peer.waitForLine { $0.hasPrefix("PORT") }.split(separator: " ")[1])!
            let outcome = try InteropHarness.connectProbe(
                context: try TestContexts.client(), port: port, lines: ["hello python\n"], expected: "echo: hello python\n")
            #expect(outcome.errors == [], Comment(rawValue: versionName))
            #expect(outcome.session?.parameters.version == versionName, "\(outcome)")
            let finished = peer.finish()
            let summaryLine = finished.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let summary = try JSONSerialization.jsonObject(with: Data(summaryLine.utf8)) as? [String: Any]
            #expect(summary?["line"] as? String == "hello python\n", "\(versionName): \(finished.stderr)")
            #expect(summary?["clean"] as? Bool == true, "\(versionName): our close_notify reached Python")
            #expect(summary?["version"] as? String == versionName)
        }
    }

    @Test func startTLSWithOpenSSLClient() throws {
        let log = OutcomeLog()
        let (server, port) = try InteropHarness.startLineServer(
            context: try TestContexts.server(), log: log, startTLS: true)
        defer { try? server.close().wait() }
        let result = try ExternalCommand.runAllowingFailure(
            "timeout",
            [
                "20", "openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:\(port)", "-CAfile",
                self.pki.caFile, "-verify_return_error", "-verify_hostname", "localhost", "-brief", "-ign_eof",
            ],
            stdin: Data("hello tls\r\nQUIT\r\n".utf8))
        #expect(result.status == 0, Comment(rawValue: result.stderr))
        #expect(result.stdout.hasSuffix("250 HELLO TLS\r\n221 bye\r\n"), Comment(rawValue: result.stdout))
        #expect(result.stderr.contains("Verification: OK"), Comment(rawValue: result.stderr))
        let outcomes = InteropHarness.waitForOutcomes(log, count: 1)
        #expect(outcomes.first?.session != nil)
        #expect(outcomes.first?.errors ?? ["no outcome"] == [])
        #expect(outcomes.first?.received.contains("STARTTLS") == true)
    }

    @Test func plaintextPipelinedBehindSTARTTLSIsRefused() throws {
        let log = OutcomeLog()
        let (server, port) = try InteropHarness.startLineServer(
            context: try TestContexts.server(), log: log, startTLS: true)
        defer { try? server.close().wait() }
        let script = try PythonPeers.write(PythonPeers.pipeliningClient, named: "pipelining.py")
        let output = try ExternalCommand.run("timeout", ["20", "python3", script, String(port)])
        #expect(output == "554 5.5.0 no pipelining before STARTTLS\nEOF\n")
        let outcomes = InteropHarness.waitForOutcomes(log, count: 1)
        #expect(outcomes.first?.session == nil)
        #expect(outcomes.first?.received.contains("MAIL FROM") != false)
    }

    @Test func bulk64MiBEachWayUnderBackPressure() throws {
        let total = 64 * 1024 * 1024
        let group = InteropHarness.group
        let serverDone = group.next().makePromise(of: BulkTransferHandler.Result.self)
        let serverContext = try TestContexts.server()
        let server = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: serverContext))
                    try channel.pipeline.syncOperations.addHandler(BulkTransferHandler(total: total, done: serverDone))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        defer { try? server.close().wait() }

        let clientDone = group.next().makePromise(of: BulkTransferHandler.Result.self)
        let clientContext = try TestContexts.client()
        let client = try ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        TLSHandler(context: clientContext, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(BulkTransferHandler(total: total, done: clientDone))
                }
            }
            .connect(host: "127.0.0.1", port: server.localAddress!.port!).wait()
        let guardTimer = client.eventLoop.scheduleTask(in: .seconds(300)) { client.close(promise: nil) }
        defer { guardTimer.cancel() }

        let started = Date()
        let clientResult = try clientDone.futureResult.wait()
        let serverResult = try serverDone.futureResult.wait()
        let seconds = Date().timeIntervalSince(started)
        try client.close().wait()
        for (side, result) in [("client", clientResult), ("server", serverResult)] {
            #expect(result.errors == [], Comment(rawValue: side))
            #expect(result.sent == total, Comment(rawValue: side))
            #expect(result.received == total, Comment(rawValue: side))
            #expect(result.mismatchAt == nil, "\(side): byte mismatch")
        }
        #expect(clientResult.unwritableTransitions + serverResult.unwritableTransitions > 0, "the senders never hit back-pressure")
        print(
            "bulk: 2 x 64 MiB in \(String(format: "%.2f", seconds)) s; unwritable transitions client \(clientResult.unwritableTransitions), server \(serverResult.unwritableTransitions)"
        )
    }

    @Test func abruptClosesAreReportedAsTypedErrors() throws {
        let script = try PythonPeers.write(PythonPeers.abruptClient, named: "abrupt.py")
        let cases: [(mode: String, expected: TLSError)] = [
            ("ragged", .uncleanShutdown), ("handshake-eof", .eofDuringHandshake),
        ]
        for (mode, expected) in cases {
            let log = OutcomeLog()
            let (server, port) = try InteropHarness.startLineServer(context: try TestContexts.server(), log: log)
            defer { try? server.close().wait() }
            try ExternalCommand.run("timeout", ["20", "python3", script, String(port), self.pki.caFile, mode])
            let outcomes = InteropHarness.waitForOutcomes(log, count: 1)
            #expect(outcomes.first?.tlsErrors == [expected], Comment(rawValue: mode))
        }
    }

    @Test func sessionTicketsResumeWithOpenSSLClient() throws {
        for (flag, _, versionName, _) in self.versions {
            let log = OutcomeLog()
            let (server, port) = try InteropHarness.startLineServer(context: try TestContexts.server(), log: log)
            defer { try? server.close().wait() }
            let session = self.pki.path("session-\(versionName).pem")
            for sessionFlag in ["-sess_out", "-sess_in"] {
                let result = try ExternalCommand.runAllowingFailure(
                    "timeout",
                    [
                        "20", "openssl", "s_client", "-connect", "127.0.0.1:\(port)", flag, "-CAfile", self.pki.caFile,
                        "-servername", "localhost", "-ign_eof", "-quiet", sessionFlag, session,
                    ],
                    stdin: Data("QUIT\r\n".utf8))
                #expect(result.status == 0, "\(versionName) \(sessionFlag): \(result.stderr)")
            }
            let outcomes = InteropHarness.waitForOutcomes(log, count: 2)
            #expect(outcomes.map { $0.session?.sessionReused } == [false, true], Comment(rawValue: versionName))
        }
    }
}
