import Foundation
import MailgateTestSupport
import Testing

/// Delivery status notifications end to end: swaks submits over 587 to a `relay` route, the aiosmtpd sink is the
/// upstream (refusing "bounce…" recipients with 550), and the DSN that comes back through the same relay is read
/// with Python's `email` package.
@Suite(.serialized) struct SenderNoticeTests {
    static func gateway(sink: SMTPSink, notifySender: Bool? = nil) async throws -> GatewayInstance {
        try await GatewayInstance(routes: """
            routes:
              - { name: onward, match: { domain: "example.net" }, action: relay }
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            \(notifySender.map { "  notify_sender: \($0)" } ?? "")
            """)
    }

    /// Submits one message to a kept and a refused recipient and waits until both have ended.
    static func submitAndWaitForTheBounce(_ gateway: GatewayInstance, from: String) async throws -> String {
        let swaks = try await gateway.swaks(to: "one@example.net,bounce@example.net", from: from, subject: "Relayed")
        #expect(swaks.status == 0, "\(swaks.output)")
        let queued = try #require(swaks.output.range(of: "queued as ").map { swaks.output[$0.upperBound...].prefix { !$0.isWhitespace } })
        let id = String(queued)
        let deadline = ContinuousClock.now + .seconds(20)
        var statuses: [String: String] = [:]
        repeat {
            let answer = try #require(try await TestNetwork.request(
                "GET", gateway.base + "/v1/messages/\(id)", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
            let recipients = SendAPITests.json(answer.body)["recipients"] as? [[String: Any]] ?? []
            statuses = Dictionary(uniqueKeysWithValues: recipients.map { ($0["address"] as? String ?? "", $0["status"] as? String ?? "") })
            if statuses["one@example.net"] == "relayed" && statuses["bounce@example.net"] == "bounced" { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        #expect(statuses == ["one@example.net": "relayed", "bounce@example.net": "bounced"], "\(gateway.stderr)")
        return id
    }

    /// Waits long enough for a DSN job (polled every 250 ms) to have been relayed if one had been queued.
    static func settle(_ sink: SMTPSink, until count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while sink.transactions().count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(2))
    }

    @Test func aBounceSendsExactlyOneDeliveryStatusNotificationToTheEnvelopeSender() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink)
        try await gateway.start()

        _ = try await Self.submitAndWaitForTheBounce(gateway, from: "app@example.com")
        try await Self.settle(sink, until: 2)
        let transactions = sink.transactions()
        #expect(transactions.count == 2, "the message and one DSN: \(transactions.map(\.mailFrom)) \(gateway.stderr)")
        // aiosmtpd records the null sender as "<>".
        let dsn = try #require(transactions.first { $0.mailFrom.isEmpty || $0.mailFrom == "<>" }, "no DSN from <>: \(transactions.map(\.mailFrom))")
        #expect(dsn.recipients == ["app@example.com"])

        let script = """
            import email, email.policy, json, sys
            message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            parts = list(message.iter_parts())
            status = parts[1].get_payload()
            blocks = [dict(block.items()) for block in status]
            print(json.dumps({"type": message.get_content_type(), "report_type": message.get_param("report-type"),
                              "parts": [part.get_content_type() for part in parts], "blocks": blocks,
                              "original_subject": parts[2].get_content().count("Subject: Relayed"),
                              "text": parts[0].get_content(), "to": str(message["To"])}))
            """
        let parsed = try await ExternalTool.run("python3", ["-c", script], stdin: String(decoding: dsn.data, as: UTF8.self))
        let fields = SendAPITests.json(parsed.output)
        #expect(fields["type"] as? String == "multipart/report", "\(parsed.output)")
        #expect(fields["report_type"] as? String == "delivery-status")
        #expect(fields["parts"] as? [String] == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(fields["to"] as? String == "app@example.com", "Python shows the To: address without brackets")
        #expect(fields["original_subject"] as? Int == 1, "the original header comes back")
        let blocks = fields["blocks"] as? [[String: String]] ?? []
        #expect(blocks.count == 2, "the per-message block and one recipient block: \(blocks)")
        #expect(blocks.first?["Reporting-MTA"] == "dns; mx.e2e.example")
        #expect(blocks.first?["Arrival-Date"] != nil)
        let recipient = blocks.last ?? [:]
        #expect(recipient["Final-Recipient"] == "rfc822; bounce@example.net")
        #expect(recipient["Action"] == "failed")
        #expect(recipient["Status"] == "5.1.1")
        #expect(recipient["Remote-MTA"] == "dns; 127.0.0.1")
        #expect(recipient["Diagnostic-Code"] == "smtp; 550 5.1.1 no such user here")
        #expect((fields["text"] as? String)?.contains("<bounce@example.net>: 550 5.1.1 no such user here") == true)
        await gateway.stop()
        await sink.stop()
    }

    @Test func aNullSenderSubmissionGetsNoDeliveryStatusNotification() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink)
        try await gateway.start()

        _ = try await Self.submitAndWaitForTheBounce(gateway, from: "<>")
        try await Self.settle(sink, until: 2)
        let transactions = sink.transactions()
        #expect(transactions.count == 1, "only the message itself: \(transactions.map(\.recipients))")
        #expect(transactions.first?.recipients == ["one@example.net"])
        await gateway.stop()
        await sink.stop()
    }

    @Test func notifySenderFalseSendsNoDeliveryStatusNotification() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink, notifySender: false)
        try await gateway.start()

        _ = try await Self.submitAndWaitForTheBounce(gateway, from: "app@example.com")
        try await Self.settle(sink, until: 2)
        let transactions = sink.transactions()
        #expect(transactions.count == 1, "only the message itself: \(transactions.map(\.mailFrom))")
        #expect(transactions.first?.mailFrom == "app@example.com")
        await gateway.stop()
        await sink.stop()
    }
}
