import Foundation
import MailgateTestSupport
import Testing

/// Delivery status notifications end to end: swaks submits over 587 to a `relay` route, the aiosmtpd sink is the
/// upstream (refusing "bounce…" recipients with 550), and the DSN that comes back through the same relay is read
/// with Python's `email` package.
@Suite(.serialized) struct SenderNoticeTests {
    /// Submits one message to a kept and a refused recipient and waits until both have ended.
    static func submitAndWaitForTheBounce(_ relay: SinkRelay, from: String) async throws -> String {
        let swaks = try await relay.gateway.swaks(to: "one@example.net,bounce@example.net", from: from, subject: "Relayed")
        #expect(swaks.status == 0, "\(swaks.output)")
        let id = try SinkRelay.queuedID(swaks.output)
        let statuses = try await relay.statuses(of: id) { $0["one@example.net"] == "relayed" && $0["bounce@example.net"] == "bounced" }
        #expect(statuses == ["one@example.net": "relayed", "bounce@example.net": "bounced"], "\(relay.gateway.stderr)")
        return id
    }

    /// Waits long enough for a DSN job (polled every 250 ms) to have been relayed if one had been queued.
    static func settle(_ relay: SinkRelay, until count: Int) async throws -> [SMTPSink.Transaction] {
        _ = try await relay.transactions(count: count, within: .seconds(5))
        try await Task.sleep(for: .seconds(2))
        return relay.sink.transactions()
    }

    @Test func aBounceSendsExactlyOneDeliveryStatusNotificationToTheEnvelopeSender() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory)

        _ = try await Self.submitAndWaitForTheBounce(relay, from: "app@example.com")
        let transactions = try await Self.settle(relay, until: 2)
        #expect(transactions.count == 2, "the message and one DSN: \(transactions.map(\.mailFrom)) \(relay.gateway.stderr)")
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
        await relay.stop()
    }

    @Test func aNullSenderSubmissionGetsNoDeliveryStatusNotification() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory)

        _ = try await Self.submitAndWaitForTheBounce(relay, from: "<>")
        let transactions = try await Self.settle(relay, until: 2)
        #expect(transactions.count == 1, "only the message itself: \(transactions.map(\.recipients))")
        #expect(transactions.first?.recipients == ["one@example.net"])
        await relay.stop()
    }

    @Test func notifySenderFalseSendsNoDeliveryStatusNotification() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory, relay: "  notify_sender: false")

        _ = try await Self.submitAndWaitForTheBounce(relay, from: "app@example.com")
        let transactions = try await Self.settle(relay, until: 2)
        #expect(transactions.count == 1, "only the message itself: \(transactions.map(\.mailFrom))")
        #expect(transactions.first?.mailFrom == "app@example.com")
        await relay.stop()
    }

    /// A recipient the sink keeps deferring (451) until the retry horizon passes ends `failed`, and the one DSN
    /// for it (status 5.4.7) is written by the transaction that made the job dead, then relayed from `<>`.
    @Test func aRecipientPastTheRetryHorizonGetsOneNotice() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory, relay: "  retry: { initial_delay: 200ms, max_delay: 500ms, horizon: 2s }")
        let swaks = try await relay.gateway.swaks(to: "later@example.net", from: "app@example.com", subject: "Deferred")
        #expect(swaks.status == 0, "\(swaks.output)")
        let id = try SinkRelay.queuedID(swaks.output)
        let statuses = try await relay.statuses(of: id) { $0["later@example.net"] == "failed" }
        #expect(statuses == ["later@example.net": "failed"], "\(relay.gateway.stderr)")

        let transactions = try await Self.settle(relay, until: 1)
        #expect(transactions.count == 1, "one DSN: \(transactions.map(\.mailFrom)) \(relay.gateway.stderr)")
        let dsn = try #require(transactions.first)
        #expect(dsn.mailFrom.isEmpty || dsn.mailFrom == "<>")
        #expect(dsn.recipients == ["app@example.com"])
        let text = String(decoding: dsn.data, as: UTF8.self)
        #expect(text.contains("Final-Recipient: rfc822; later@example.net"), "\(text)")
        #expect(text.contains("Status: 5.4.7"))
        #expect(text.contains("Action: failed"))
        await relay.stop()
    }
}
