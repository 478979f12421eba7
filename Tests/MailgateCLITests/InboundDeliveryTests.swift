import Foundation
import MailgateTestSupport
import Testing

/// End to end: swaks submits to a real `mailgate serve`, which posts to a real HTTP receiver that verifies
/// each signature with the Standard Webhooks reference library.
@Suite(.serialized) struct InboundDeliveryTests {
    static func routes(_ receiver: WebhookReceiver, extra: String = "") -> String {
        """
        routes:
          - name: blocked
            match: { recipient: "noreply@support.example.com" }
            action: reject
            reply: "550 5.7.1 This address does not take mail"
          - name: support
            match: { recipient: "*@support.example.com" }
            webhook: { url: "\(receiver.url)/support", secret: "\(receiver.secret)", allow_loopback: true }
          - name: sales
            match: { domain: sales.example.com }
            webhooks:
              - { url: "\(receiver.url)/sales", secret: "\(receiver.secret)", allow_loopback: true }
              - { url: "\(receiver.url)/sales-raw", secret: "\(receiver.secret)", allow_loopback: true, format: raw }
        delivery:
          retry: { initial_delay: 300ms, max_delay: 1s }
          lease: 3s
          poll_interval: 100ms
        \(extra)
        """
    }

    @Test func submissionOverBothPortsReachesTheRoutedWebhooksSigned() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: Self.routes(receiver))
        try await gateway.start()

        let first = try await gateway.swaks(to: "help@support.example.com", over: .starttls, subject: "Printer on fire")
        #expect(first.status == 0, "\(first.output)")
        let second = try await gateway.swaks(to: "bob@sales.example.com", over: .implicitTLS, subject: "Quote")
        #expect(second.status == 0, "\(second.output)")
        // The route that matches first refuses at RCPT, before the support glob would take it.
        let refused = try await gateway.swaks(to: "noreply@support.example.com")
        #expect(refused.output.contains("550 5.7.1 <noreply@support.example.com>: This address does not take mail"), "\(refused.output)")

        let seen = try await receiver.wait(within: .seconds(20)) { $0.filter { $0.event == "answered" }.count >= 3 }
        let answered = seen.filter { $0.event == "answered" }
        #expect(answered.count == 3, "\(answered.map(\.path)) \(receiver.diagnostics) \(gateway.stderr)")
        #expect(answered.allSatisfy { $0.verified }, "every signature verifies with the reference library")
        #expect(Set(answered.map(\.path)) == ["/support", "/sales", "/sales-raw"])

        let support = try #require(answered.first { $0.path == "/support" }?.json)
        let envelope = try #require(support["envelope"] as? [String: Any])
        #expect(envelope["rcpt_to"] as? [String] == ["help@support.example.com"])
        #expect(envelope["mail_from"] as? String == "app@example.com")
        #expect(envelope["auth_user"] as? String == "app")
        #expect((envelope["tls"] as? [String: Any])?["version"] as? String == "TLSv1.3")
        #expect((support["message"] as? [String: Any])?["subject"] as? String == "Printer on fire")
        #expect(((support["message"] as? [String: Any])?["text"] as? String)?.contains("Hi there.") == true)
        let id = try #require(support["id"] as? String)
        #expect(first.output.contains("queued as \(id)"), "the payload id is the queue id of the 250")

        let raw = try #require(answered.first { $0.path == "/sales-raw" })
        #expect(raw.contentType == "message/rfc822")
        #expect(raw.headers["mailgate-rcpt-to"] == "bob@sales.example.com")
        let rawText = String(decoding: raw.body, as: UTF8.self)
        #expect(rawText.hasPrefix("Received: from "), "the raw message starts with our Received header")
        #expect(rawText.contains("Subject: Quote"))
        let sales = try #require(answered.first { $0.path == "/sales" })
        #expect(sales.webhookID != raw.webhookID, "each webhook is its own delivery with its own id")

        // The inbound API shows the message, the same document, the raw bytes and the deliveries.
        let auth = ["-H", "Authorization: Bearer \(gateway.apiKey)"]
        let listing = try await curlJSON(gateway.base + "/v1/inbound/messages?recipient=help@support.example.com", auth)
        let messages = try #require(listing["messages"] as? [[String: Any]])
        #expect(messages.count == 1)
        #expect(messages.first?["id"] as? String == id)
        #expect(messages.first?["subject"] as? String == "Printer on fire")
        #expect(messages.first?["status"] as? String == "delivered")
        #expect(messages.first?["listener"] as? String == "submission")
        let document = try await curlJSON(gateway.base + "/v1/inbound/messages/\(id)", auth)
        #expect((document["message"] as? [String: Any])?["subject"] as? String == "Printer on fire")
        #expect((document["raw"] as? [String: Any])?["sha256"] as? String == (support["raw"] as? [String: Any])?["sha256"] as? String)
        let report = try await curlJSON(gateway.base + "/v1/inbound/messages/\(id)/deliveries", auth)
        let deliveries = try #require(report["deliveries"] as? [[String: Any]])
        #expect(deliveries.map { $0["state"] as? String } == ["delivered"])
        #expect(deliveries.first?["id"] as? String == answered.first { $0.path == "/support" }?.webhookID)

        let redelivered = try await curlJSON(gateway.base + "/v1/inbound/messages/\(id)/redeliver", auth + ["-X", "POST"])
        #expect((redelivered["deliveries"] as? [String])?.count == 1)
        let again = try await receiver.wait(within: .seconds(20)) { $0.filter { $0.event == "answered" && $0.path == "/support" }.count >= 2 }
        #expect(again.filter { $0.event == "answered" && $0.path == "/support" }.count == 2)

        let metrics = try await TestNetwork.get(gateway.base + "/metrics")?.body ?? ""
        #expect(metrics.contains(#"mailgate_webhook_deliveries_total{result="delivered",webhook="support#0"}"#) || metrics.contains(#"mailgate_webhook_deliveries_total{webhook="support#0",result="delivered"}"#), "\(metrics)")
        #expect(metrics.contains("mailgate_webhook_delivery_latency_seconds"))
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test func syncModeTurnsTheReceiversAnswerIntoTheSMTPReply() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path, behaviour: """
            {"default": {"status": 200},
             "by_recipient": {
               "refuse@sync.example.com": {"status": 422, "body": "{\\"message\\": \\"unknown ticket queue\\"}"},
               "down@sync.example.com": {"status": 503},
               "slow@sync.example.com": {"status": 200, "delay": 3}}}
            """)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: """
            routes:
              - name: blocked
                match: { recipient: "blocked@sync.example.com" }
                action: reject
                reply: "550 5.7.1 This address does not accept mail"
              - name: sync
                match: { domain: sync.example.com }
                webhook: { url: "\(receiver.url)/sync", secret: "\(receiver.secret)", allow_loopback: true, mode: sync, timeout: 1s }
            """)
        try await gateway.start()

        let ok = try await gateway.swaks(to: "ok@sync.example.com")
        #expect(ok.status == 0 && ok.output.contains("250 2.0.0 Ok: queued as"), "\(ok.output)")
        let refused = try await gateway.swaks(to: "refuse@sync.example.com")
        #expect(refused.output.contains("550 5.7.1 Message refused: unknown ticket queue"), "\(refused.output)")
        let down = try await gateway.swaks(to: "down@sync.example.com")
        #expect(down.output.contains("451 4.3.0"), "\(down.output)")
        let slow = try await gateway.swaks(to: "slow@sync.example.com")
        #expect(slow.output.contains("451 4.3.0"), "a receiver slower than the timeout defers: \(slow.output)")
        let blocked = try await gateway.swaks(to: "blocked@sync.example.com")
        #expect(blocked.output.contains("550 5.7.1 <blocked@sync.example.com>: This address does not accept mail"), "\(blocked.output)")

        // Each refusal is counted under its own reason, as decided, not guessed from the reply.
        let metrics = try await TestNetwork.get(gateway.base + "/metrics")?.body ?? ""
        func rejections(_ reason: String) -> Double {
            metrics.split(separator: "\n")
                .filter { $0.hasPrefix("mailgate_smtp_rejections_total{") && $0.contains("reason=\"\(reason)\"") }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
        }
        #expect(rejections("webhook_refused") == 1, "\(metrics)")
        #expect(rejections("webhook_deferred") == 2, "\(metrics)")
        #expect(rejections("route_rejected") == 1, "\(metrics)")
        #expect(rejections("sender_not_owned") == 0, "\(metrics)")

        // Only the accepted message stays: the refused ones were removed (keep_refused is off).
        let auth = ["-H", "Authorization: Bearer \(gateway.apiKey)"]
        let listing = try await curlJSON(gateway.base + "/v1/inbound/messages", auth)
        let messages = try #require(listing["messages"] as? [[String: Any]])
        #expect(messages.map { $0["rcpt_to"] as? [String] } == [["ok@sync.example.com"]])
        #expect(receiver.requests().filter { $0.event == "request" }.allSatisfy { $0.verified })
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test(arguments: GatewayInstance.Store.allCases)
    func aReceiverOutageDelaysButLosesNothing(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        let gateway = try await GatewayInstance(store: store, routes: Self.routes(receiver))
        try await gateway.start()
        // The receiver is down: connections are refused while the messages are accepted.
        var ids: [String] = []
        for index in 0..<12 {
            let result = try await gateway.swaks(to: "user\(index)@support.example.com")
            #expect(result.status == 0, "\(result.output)")
        }
        try await Task.sleep(for: .seconds(2))
        // Then it comes back answering 503 for a while, then 200.
        try receiver.setBehaviour(#"{"default": {"status": 503}}"#)
        try await receiver.start()
        try await Task.sleep(for: .seconds(2))
        try receiver.setBehaviour(#"{"default": {"status": 200}}"#)
        let seen = try await receiver.wait(within: .seconds(60)) { Set(receiverDelivered($0)).count >= 12 }
        let delivered = receiverDelivered(seen)
        #expect(Set(delivered).count == 12, "every message arrives: \(gateway.stderr)")
        let duplicates = delivered.count - Set(delivered).count
        #expect(duplicates <= 2, "bounded duplicates: \(duplicates)")
        ids = Array(Set(delivered))
        #expect(ids.count == 12)
        #expect(seen.filter { $0.event == "answered" && $0.status == 503 }.count > 0, "the 503 phase was seen")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test(arguments: GatewayInstance.Store.allCases)
    func aProcessKilledMidDeliveryLosesNothing(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path, behaviour: #"{"default": {"status": 200, "delay": 1.5}}"#)
        try await receiver.start()
        let gateway = try await GatewayInstance(store: store, routes: Self.routes(receiver))
        try await gateway.start()
        for index in 0..<8 {
            let result = try await gateway.swaks(to: "user\(index)@support.example.com")
            #expect(result.status == 0, "\(result.output)")
        }
        // Kill while requests are in flight (the receiver holds each for 1.5 s).
        try await receiver.wait(within: .seconds(20)) { $0.contains { $0.event == "request" } }
        await gateway.kill()
        try receiver.setBehaviour(#"{"default": {"status": 200}}"#)
        try await gateway.start()
        let seen = try await receiver.wait(within: .seconds(60)) { Set(receiverDelivered($0)).count >= 8 }
        let delivered = receiverDelivered(seen)
        #expect(Set(delivered).count == 8, "every accepted message arrives after the restart: \(gateway.stderr)")
        #expect(delivered.count - Set(delivered).count <= 8, "at most the in-flight ones twice")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    @Test func deliveriesThatEndWithoutSuccessAreReportedToTheFailureWebhook() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path, behaviour: """
            {"default": {"status": 200},
             "by_recipient": {
               "refused@support.example.com": {"status": 422, "body": "no such ticket"},
               "flaky@support.example.com": {"status": 503, "retry_after": 0}}}
            """)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: """
            routes:
              - name: support
                match: { recipient: "*@support.example.com" }
                webhook: { url: "\(receiver.url)/support", secret: "\(receiver.secret)", allow_loopback: true }
            delivery:
              retry: { initial_delay: 200ms, max_delay: 500ms, horizon: 2s }
              poll_interval: 100ms
              failure_webhook: { url: "\(receiver.url)/events", secret: "\(receiver.secret)", allow_loopback: true }
            """)
        try await gateway.start()
        for recipient in ["refused@support.example.com", "flaky@support.example.com"] {
            let result = try await gateway.swaks(to: recipient)
            #expect(result.status == 0, "\(result.output)")
        }
        let seen = try await receiver.wait(within: .seconds(30)) { requests in
            requests.filter { $0.event == "answered" && $0.path == "/events" }.count >= 2
        }
        let events = seen.filter { $0.event == "answered" && $0.path == "/events" }
        #expect(events.count == 2, "\(receiver.diagnostics) \(gateway.stderr)")
        #expect(events.allSatisfy { $0.verified && $0.status == 200 })
        let bodies = events.compactMap(\.json)
        let refused = try #require(bodies.first { ($0["recipients"] as? [String]) == ["refused@support.example.com"] })
        #expect(refused["type"] as? String == "inbound.delivery_failed")
        #expect(refused["state"] as? String == "failed")
        #expect((refused["reason"] as? String)?.contains("HTTP 422") == true)
        #expect(refused["webhook"] as? String == "support#0")
        let dead = try #require(bodies.first { ($0["recipients"] as? [String]) == ["flaky@support.example.com"] })
        #expect(dead["state"] as? String == "dead")
        #expect((dead["attempts"] as? Int ?? 0) >= 2, "retried before giving up")
        let flakyAttempts = seen.filter { $0.event == "answered" && $0.path == "/support" && $0.status == 503 }
        #expect(flakyAttempts.count >= 2)
        #expect(dead["delivery_id"] as? String == flakyAttempts.first?.webhookID, "the event names the failed delivery")

        // The inbound API lists them by state.
        let auth = ["-H", "Authorization: Bearer \(gateway.apiKey)"]
        let deadListing = try await curlJSON(gateway.base + "/v1/inbound/messages?status=dead", auth)
        #expect((deadListing["messages"] as? [[String: Any]])?.count == 1)
        let metrics = try await TestNetwork.get(gateway.base + "/metrics")?.body ?? ""
        #expect(metrics.contains("mailgate_webhook_dead_total"), "\(metrics)")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    private func receiverDelivered(_ requests: [WebhookReceiver.Request]) -> [String] {
        requests.filter { $0.event == "answered" && $0.status == 200 && $0.verified }.map(\.webhookID)
    }

    /// curl as the API client; the body as a JSON object.
    private func curlJSON(_ url: String, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await ExternalTool.run("curl", ["-s", "-m", "10"] + arguments + [url])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return try #require(object, "\(url): \(result.output)")
    }
}
