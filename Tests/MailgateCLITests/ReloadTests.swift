import Foundation
import MailgateTestSupport
import Testing

/// End to end: SIGHUP applies the routes, webhook URLs and secrets and the certificate paths to the next
/// message and connection, names what needs a restart, and refuses a broken configuration as a whole.
@Suite(.serialized) struct ReloadTests {
    static func routes(_ receiver: WebhookReceiver) -> String {
        """
        routes:
          - name: support
            match: { domain: support.example.com }
            webhook: { url: "\(receiver.url)/support", secret: "\(receiver.secret)", allow_loopback: true }
        delivery:
          retry: { initial_delay: 300ms, max_delay: 1s }
          lease: 3s
          poll_interval: 100ms
        """
    }

    @Test func aNewWebhookURLAndSecretTakeTheNextMessageAndABrokenConfigurationChangesNothing() async throws {
        let directory = try TemporaryDirectory()
        let old = try WebhookReceiver(directory: directory.path)
        let new = try WebhookReceiver(directory: directory.path)
        try await old.start()
        try await new.start()
        let gateway = try await GatewayInstance(routes: Self.routes(old))
        try await gateway.start()

        let before = try await gateway.swaks(to: "help@support.example.com", subject: "Before")
        #expect(before.status == 0, "\(before.output)")
        #expect(try await old.wait(within: .seconds(20)) { !$0.filter { $0.event == "answered" }.isEmpty }.contains { $0.verified })

        // The new receiver verifies with its own secret: a delivery it accepts was signed with the reloaded one.
        try gateway.writeConfiguration(routes: Self.routes(new))
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("msg=\"reload applied: ") }, "\(gateway.stderr)")
        // The secret is named by its fingerprint: the new receiver has a secret of its own.
        #expect(gateway.stderr.contains(#" changed="routes.0.webhook.url, routes.0.webhook.secret" "#), "the log names what changed: \(gateway.stderr)")
        #expect(!gateway.stderr.contains("needs a restart"), "nothing here needs one: \(gateway.stderr)")
        let after = try await gateway.swaks(to: "help@support.example.com", subject: "After")
        #expect(after.status == 0, "\(after.output)")
        let seen = try await new.wait(within: .seconds(20)) { !$0.filter { $0.event == "answered" }.isEmpty }
        #expect(seen.contains { $0.event == "answered" && $0.verified && $0.status == 200 }, "\(new.diagnostics) \(gateway.stderr)")
        #expect(old.requests().filter { $0.event == "answered" }.count == 1, "the old receiver got only the first message")

        // A broken file is refused whole, logged once, and the routes in force stay.
        try gateway.writeConfiguration(routes: Self.routes(old) + "\ndefault_route: nowhere")
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("reload refused: the configuration is invalid") }, "\(gateway.stderr)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(gateway.stderr.components(separatedBy: "reload refused").count == 2, "logged once: \(gateway.stderr)")
        let still = try await gateway.swaks(to: "help@support.example.com", subject: "Still")
        #expect(still.status == 0, "\(still.output)")
        let two = try await new.wait(within: .seconds(20)) { $0.filter { $0.event == "answered" }.count >= 2 }
        #expect(two.filter { $0.event == "answered" }.count == 2, "the refused file did not bring the old receiver back")
        #expect(old.requests().filter { $0.event == "answered" }.count == 1)
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await old.stop()
        await new.stop()
    }

    @Test func aChangedListenAddressIsNamedAsNeedingARestartAndTheOldListenerKeepsServing() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: Self.routes(receiver))
        try await gateway.start()

        try gateway.writeConfiguration(routes: Self.routes(receiver), submissionPort: try LoopbackPort.free())
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("msg=\"changed but needs a restart: smtp.submission.port\"") }, "\(gateway.stderr)")
        #expect(gateway.stderr.contains("msg=\"reload applied: "), "the rest was applied, and said so: \(gateway.stderr)")
        let sent = try await gateway.swaks(to: "help@support.example.com", over: .starttls)
        #expect(sent.status == 0, "the listener in force still serves: \(sent.output)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test func narrowedSenderRulesRefuseTheNextMessage() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: Self.routes(receiver))
        try await gateway.start()
        let before = try await gateway.swaks(to: "help@support.example.com", from: "ceo@elsewhere.example")
        #expect(before.status == 0, "sender_default any lets the user send as anyone: \(before.output)")

        try gateway.writeConfiguration(routes: Self.routes(receiver), smtp: "  senders: [{ user: app, allow: [\"app@example.com\"] }]")
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("sender_rules=1") }, "\(gateway.stderr)")
        let refused = try await gateway.swaks(to: "help@support.example.com", from: "ceo@elsewhere.example")
        #expect(refused.status != 0 && refused.output.contains("5.7.1"), "the next MAIL FROM is held to the new rule: \(refused.output)")
        let allowed = try await gateway.swaks(to: "help@support.example.com", from: "app@example.com")
        #expect(allowed.status == 0, "\(allowed.output)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test func narrowedAPIKeySendersRefuseTheNextSend() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let relay = """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            """
        let gateway = try await GatewayInstance(routes: relay)
        try await gateway.start()
        let send = #"{"from": "ceo@bank.example", "to": ["one@example.net"], "subject": "Hi", "text": "Hello."}"#
        #expect(try await SendAPITests.post(gateway, "/v1/messages", send).status == 202)

        try gateway.writeConfiguration(routes: relay, http: #", key_senders: [{ key: e2e, allow: ["app@example.com"] }]"#)
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("key_sender_rules=1") }, "\(gateway.stderr)")
        let (status, body) = try await SendAPITests.post(gateway, "/v1/messages", send)
        #expect(status == 403, "\(body)")
        #expect((body["error"] as? [String: Any])?["code"] as? String == "sender_not_allowed", "\(body)")
        let allowed = send.replacingOccurrences(of: "ceo@bank.example", with: "app@example.com")
        #expect(try await SendAPITests.post(gateway, "/v1/messages", allowed).status == 202)
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await sink.stop()
    }

    @Test func aNewCertificatePathIsServedToTheNextTLSConnection() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        let gateway = try await GatewayInstance(routes: Self.routes(receiver))
        try await gateway.start()
        #expect(try await servedSubject(port: gateway.submissionsPort).contains("CN = localhost"))

        let renewed = try await ExternalTool.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=renewed.e2e.example", "-keyout", directory.path + "/renewed.key", "-out", directory.path + "/renewed.crt",
        ])
        #expect(renewed.status == 0, "\(renewed.output)")
        try gateway.writeConfiguration(
            routes: Self.routes(receiver), tls: (directory.path + "/renewed.crt", directory.path + "/renewed.key"))
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("smtp_certificate=\(directory.path)/renewed.crt") }, "\(gateway.stderr)")
        #expect(!gateway.stderr.contains("needs a restart"), "\(gateway.stderr)")
        let subject = try await servedSubject(port: gateway.submissionsPort)
        #expect(subject.contains("CN = renewed.e2e.example"), "\(subject)")
        let starttls = try await servedSubject(port: gateway.submissionPort, starttls: true)
        #expect(starttls.contains("CN = renewed.e2e.example"), "STARTTLS too: \(starttls)")

        // A path to a missing file is refused, and the certificate in force stays.
        try gateway.writeConfiguration(routes: Self.routes(receiver), tls: (directory.path + "/missing.crt", directory.path + "/renewed.key"))
        gateway.reload()
        #expect(try await eventually { gateway.stderr.contains("reload refused") }, "\(gateway.stderr)")
        #expect(try await servedSubject(port: gateway.submissionsPort).contains("CN = renewed.e2e.example"))
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
    }

    /// The subject of the certificate a new TLS connection gets, as OpenSSL's s_client reads it.
    private func servedSubject(port: Int, starttls: Bool = false) async throws -> String {
        let options = starttls ? "-starttls smtp" : ""
        let result = try await ExternalTool.run("sh", ["-c",
            "openssl s_client -connect 127.0.0.1:\(port) \(options) </dev/null 2>/dev/null | openssl x509 -noout -subject",
        ], timeout: .seconds(20))
        return result.output
    }
}
