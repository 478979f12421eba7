import Foundation
import MailgateTestSupport
import Testing

/// `http.tls` end to end: the real `mailgate serve` with its API on TLS, against curl, OpenSSL's s_client and
/// Python's ssl and socket modules as independent clients.
@Suite(.serialized) struct HTTPTLSTests {
    static let client = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/tls_misbehaving_client.py").path

    @Test func everyRouteIsServedOverTLSOnlyWithHTTP11() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory, httpTLS: true)
        let gateway = relay.gateway

        let health = try #require(try await TestNetwork.get(gateway.base + "/healthz", caFile: gateway.caFile))
        #expect(health.status == 200)
        // An authenticated send with a body of many TLS records, then an authenticated read.
        let text = String(repeating: "A line of the message body over TLS.\n", count: 4000)
        let send = try JSONSerialization.data(withJSONObject: [
            "from": "app@example.com", "to": ["one@example.net"], "subject": "Over TLS", "text": text,
        ])
        let (status, body) = try await SendAPITests.post(gateway, "/v1/messages", String(decoding: send, as: UTF8.self))
        #expect(status == 202, "\(body)")
        let id = try #require(body["id"] as? String, "\(body)")
        #expect(try await SendAPITests.get(gateway, "/v1/messages/\(id)").status == 200)
        let refused = try #require(try await TestNetwork.get(gateway.base + "/v1/messages/\(id)", caFile: gateway.caFile))
        #expect(refused.status == 401, "no key, no answer: \(refused.body)")

        // curl's own trust store does not know the self-signed certificate; plaintext gets no HTTP answer.
        #expect(try await TestNetwork.get(gateway.base + "/healthz") == nil)
        #expect(try await TestNetwork.get("http://127.0.0.1:\(gateway.httpPort)/healthz") == nil)
        #expect(try await TestNetwork.get(gateway.base + "/healthz", caFile: gateway.caFile)?.status == 200, "and it still serves")

        let offered = try await sClient(port: gateway.httpPort, ["-alpn", "h2,http/1.1"])
        #expect(offered.contains("ALPN protocol: http/1.1"), "h2 is offered first, HTTP/1.1 is chosen: \(offered)")
        #expect(offered.contains("New, TLSv1.3, Cipher is TLS_"), "\(offered)")
        let h2Only = try await sClient(port: gateway.httpPort, ["-alpn", "h2"])
        #expect(h2Only.contains("No ALPN negotiated") && h2Only.contains("New, TLSv1.3, Cipher is TLS_"), "no h2 here, and no abort: \(h2Only)")
        let tls12 = try await sClient(port: gateway.httpPort, ["-tls1_2"])
        #expect(tls12.contains("New, TLSv1.2, Cipher is ECDHE-"), "forward secrecy: \(tls12)")
        let tls11 = try await sClient(port: gateway.httpPort, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        // s_client names the version it tried even when the handshake failed: the alert and the missing cipher tell.
        #expect(tls11.contains("alert protocol version") && tls11.contains("Cipher is (NONE)"), "TLS 1.1 is refused: \(tls11)")

        // Python's ssl as another client: HTTP/1.1 over a verified connection.
        let python = try await ExternalTool.run("python3", [Self.client, "request", String(gateway.httpPort), gateway.httpCertificate])
        #expect(python.status == 0, "\(python.output)")
        #expect(python.output.contains("alpn=http/1.1") && python.output.contains("HTTP/1.1 200"), "\(python.output)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await relay.sink.stop()
    }

    @Test func aRenewedCertificateIsServedToTheNextConnectionAfterSIGHUPAndABrokenOneIsRefused() async throws {
        // With a metrics listener of its own, which takes the same certificate.
        let metricsPort = try LoopbackPort.free()
        let gateway = try await GatewayInstance(
            routes: "routes: []\nmetrics: { address: 127.0.0.1, port: \(metricsPort) }", httpTLS: true)
        try await gateway.start()
        let metrics = "https://localhost:\(metricsPort)/metrics"
        #expect(try await TestNetwork.get(metrics, caFile: gateway.caFile)?.status == 200)
        #expect(try await TestNetwork.get("http://127.0.0.1:\(metricsPort)/metrics") == nil, "no plaintext there either")
        let original = try await fileFingerprint(gateway.httpCertificate)
        #expect(try await servedFingerprint(port: gateway.httpPort) == original)
        #expect(try await servedFingerprint(port: metricsPort) == original)

        // Renewal in place: new files at the same paths, then SIGHUP.
        let renewed = try await GatewayInstance.makeCertificate(
            commonName: "renewed.localhost", certificate: gateway.httpCertificate, key: gateway.httpKey)
        #expect(renewed.status == 0, "\(renewed.output)")
        let fresh = try await fileFingerprint(gateway.httpCertificate)
        #expect(fresh != original)
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("http_certificate=\(gateway.httpCertificate)") }, "\(gateway.stderr)")
        #expect(gateway.stderr.contains("HTTP certificate"), "\(gateway.stderr)")
        #expect(try await servedFingerprint(port: gateway.httpPort) == fresh)
        #expect(try await servedFingerprint(port: metricsPort) == fresh)
        #expect(try await TestNetwork.get(gateway.base + "/healthz", caFile: gateway.caFile)?.status == 200, "curl trusts the new one")

        // A certificate file that is not one: the reload is refused and the one in force stays.
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: gateway.httpCertificate))
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("reload refused") }, "\(gateway.stderr)")
        #expect(gateway.stderr.contains("http.tls.certificate"), "the refusal names the key: \(gateway.stderr)")
        #expect(try await servedFingerprint(port: gateway.httpPort) == fresh)
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
    }

    /// The image's HEALTHCHECK (`mailgate health`) beside a TLS API: it asks 127.0.0.1, which a production
    /// certificate does not name, and trusts the gateway's own certificate ($MAILGATE_HTTP_TLS_CERTIFICATE) alone.
    @Test func theHealthCommandTrustsOnlyTheGatewaysOwnCertificateOverLoopback() async throws {
        let gateway = try await GatewayInstance(routes: "routes: []", httpTLS: true)
        try await gateway.start()
        let path = gateway.directory.path
        func certificate(_ name: String, certificate: String, key: String) async throws {
            let made = try await ExternalTool.run("openssl", [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:\(name)", "-keyout", key, "-out", certificate,
            ])
            try #require(made.status == 0, "\(made.output)")
        }
        // A certificate for the public name only, as an operator's would be, renewed into place.
        try await certificate("mail.example.com", certificate: gateway.httpCertificate, key: gateway.httpKey)
        let fresh = try await fileFingerprint(gateway.httpCertificate)
        gateway.reload()
        var served = ""
        for _ in 0..<100 where served != fresh {
            served = try await servedFingerprint(port: gateway.httpPort)
            if served != fresh { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(served == fresh, "the renewed certificate is served: \(gateway.stderr)")

        let environment = ["MAILGATE_HTTP_PORT": String(gateway.httpPort), "MAILGATE_HTTP_TLS_CERTIFICATE": gateway.httpCertificate]
        let healthy = try await MailgateProcess.run(["health"], environment: environment, directory: path)
        #expect(healthy.status == 0, "\(healthy.stdout) \(healthy.stderr)")
        #expect(healthy.stdout.contains("https://127.0.0.1:\(gateway.httpPort)/healthz"), "\(healthy.stdout)")

        // Any other certificate, even one naming the same host, is not the gateway's: unhealthy.
        try await certificate("mail.example.com", certificate: path + "/stranger.crt", key: path + "/stranger.key")
        let stranger = try await MailgateProcess.run(["health", "--certificate", path + "/stranger.crt"], environment: environment, directory: path)
        #expect(stranger.status == 1, "\(stranger.stdout) \(stranger.stderr)")
        // And the system's trust store is no way around it: without a certificate the default is plain HTTP.
        let plain = try await MailgateProcess.run(["health", "--timeout", "2"], environment: ["MAILGATE_HTTP_PORT": String(gateway.httpPort)], directory: path)
        #expect(plain.status == 1, "\(plain.stdout) \(plain.stderr)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefusedAtStart() async throws {
        let gateway = try await GatewayInstance(routes: "routes: []", httpTLS: true)
        let other = try await GatewayInstance.makeCertificate(
            commonName: "other", certificate: gateway.directory.path + "/other.crt", key: gateway.directory.path + "/other.key")
        #expect(other.status == 0, "\(other.output)")
        let key = try Data(contentsOf: URL(fileURLWithPath: gateway.directory.path + "/other.key"))
        try key.write(to: URL(fileURLWithPath: gateway.httpKey))

        let served = try await MailgateProcess.run(["serve", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(served.status == 78, "EX_CONFIG: \(served.stderr)")
        #expect(served.stderr.contains("http.tls.key: cannot load private key \(gateway.httpKey) (does not match the certificate)"), "\(served.stderr)")
        let checked = try await MailgateProcess.run(["check-config", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(checked.status == 78)
        #expect(checked.stderr.contains("does not match the certificate"), "\(checked.stderr)")
    }

    @Test func clientsThatBreakOffOrSendGarbageAreClosedAndLeaveNothingBehind() async throws {
        let gateway = try await GatewayInstance(routes: "routes: []", httpTLS: true)
        try await gateway.start()
        let pid = try #require(gateway.process?.process.processIdentifier)
        #expect(try await TestNetwork.get(gateway.base + "/healthz", caFile: gateway.caFile)?.status == 200)
        let baseline = try await eventuallySettled { Self.openSockets(pid) }

        let misbehaved = try await ExternalTool.run(
            "python3", [Self.client, "misbehave", String(gateway.httpPort), gateway.httpCertificate], timeout: .seconds(300))
        #expect(misbehaved.status == 0, "\(misbehaved.output)")
        for kind in ["garbage", "plaintext", "half-hello", "hello-then-close", "bad-record"] {
            #expect(misbehaved.output.contains("\(kind): closed by the server") || misbehaved.output.contains("\(kind): sent and closed"), "\(kind): \(misbehaved.output)")
        }
        #expect(!misbehaved.output.contains("still open"), "\(misbehaved.output)")

        #expect(try await TestNetwork.get(gateway.base + "/healthz", caFile: gateway.caFile)?.status == 200, "still serving")
        // Each broken handshake is counted by how it ended (the clients' rounds: 10 each).
        let metrics = try #require(try await TestNetwork.get(gateway.base + "/metrics", caFile: gateway.caFile)).body
        let handshakes = Self.handshakeCounts(metrics)
        #expect(handshakes["plaintext"] ?? 0 >= 10, "\(handshakes)")
        #expect(handshakes["eof"] ?? 0 >= 20, "half a ClientHello, or a whole one, then gone: \(handshakes)")
        #expect(handshakes["failure"] ?? 0 >= 10, "the bad record: \(handshakes)")
        #expect(handshakes["success:TLSv1.3"] ?? 0 >= 2, "curl's: \(handshakes)")
        // Every connection the clients opened is closed on the server's side too: the socket count returns to
        // where it was (a closing connection may wait for the peer's close_notify for a moment).
        #expect(try await eventually(within: .seconds(60)) { Self.openSockets(pid) <= baseline }, "sockets: \(Self.openSockets(pid)) > \(baseline)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        #expect(!gateway.stderr.contains("Fatal error"), "\(gateway.stderr)")
    }

    /// What s_client says of a connection (its protocol, cipher and ALPN), with stdin closed at once. Its session
    /// block ("Protocol  : …") is not always printed before it exits, so the tests read the "New, …" line.
    private func sClient(port: Int, _ options: [String]) async throws -> String {
        let result = try await ExternalTool.run("sh", ["-c",
            "openssl s_client -connect 127.0.0.1:\(port) \(options.joined(separator: " ")) </dev/null 2>&1",
        ], timeout: .seconds(30))
        return result.output
    }

    private func servedFingerprint(port: Int) async throws -> String {
        try await ExternalTool.run("sh", ["-c",
            "openssl s_client -connect 127.0.0.1:\(port) </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256",
        ], timeout: .seconds(30)).output
    }

    private func fileFingerprint(_ path: String) async throws -> String {
        try await ExternalTool.run("openssl", ["x509", "-in", path, "-noout", "-fingerprint", "-sha256"]).output
    }

    /// `mailgate_http_tls_handshakes_total` on the API's listener by result (`success:VERSION` for successes), as
    /// Prometheus text.
    private static func handshakeCounts(_ text: String) -> [String: Double] {
        var counts: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("mailgate_http_tls_handshakes_total{") {
            guard line.contains("listener=\"http\""), let value = line.split(separator: " ").last.flatMap({ Double($0) }),
                let result = line.firstMatch(of: /result="([a-z]+)"/)?.1, let version = line.firstMatch(of: /version="([^"]+)"/)?.1
            else { continue }
            counts[result == "success" ? "success:\(version)" : String(result), default: 0] += value
        }
        return counts
    }

    /// The process's open sockets, from /proc.
    private static func openSockets(_ pid: Int32) -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)"))?.hasPrefix("socket:") == true }.count
    }

    /// The count once two readings a moment apart agree (the readiness probe's connections may still be closing).
    private func eventuallySettled(_ count: () -> Int) async throws -> Int {
        var last = count()
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(200))
            let now = count()
            if now == last { return now }
            last = now
        }
        return last
    }
}
