import Foundation
import MailgateTestSupport
import Testing

/// Bounces that come back later: a message relayed through the aiosmtpd sink (which accepts it) is answered by an
/// RFC 3464 report sent by Python's smtplib to the MX listener, as the final MTA would send it; the recipient
/// turns `bounced` with the remote diagnostic, at `GET /v1/messages/{id}` and as a `message.bounced` event.
@Suite(.serialized) struct BounceReportTests {
    /// A report from the null sender to the MX, naming the message by `Original-Envelope-Id` and returning its
    /// header with `Message-ID`.
    static func sendReport(
        _ gateway: GatewayInstance, envelopeID: String, messageID: String, recipient: String, to: String
    ) async throws -> ExternalTool.Result {
        let script = """
            import smtplib, sys
            port, envid, msgid, rcpt, to = sys.argv[1:6]
            report = ("From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\\r\\nTo: <" + to + ">\\r\\n"
                "Subject: Undelivered Mail Returned to Sender\\r\\nMIME-Version: 1.0\\r\\nAuto-Submitted: auto-replied\\r\\n"
                "Content-Type: multipart/report; report-type=delivery-status;\\r\\n boundary=\\"rb\\"\\r\\n\\r\\n"
                "--rb\\r\\nContent-Type: text/plain\\r\\n\\r\\nYour message could not be delivered.\\r\\n"
                "--rb\\r\\nContent-Type: message/delivery-status\\r\\n\\r\\n"
                "Reporting-MTA: dns; mx.example.net\\r\\nOriginal-Envelope-Id: " + envid + "\\r\\n\\r\\n"
                "Final-Recipient: rfc822; " + rcpt + "\\r\\nAction: failed\\r\\nStatus: 5.1.1\\r\\n"
                "Remote-MTA: dns; mx.example.net\\r\\nDiagnostic-Code: smtp; 550 5.1.1 <" + rcpt + ">:\\r\\n"
                " Recipient address rejected: User unknown in local recipient table\\r\\n"
                "--rb\\r\\nContent-Type: text/rfc822-headers\\r\\n\\r\\n"
                "From: app@example.com\\r\\nTo: " + rcpt + "\\r\\nMessage-ID: <" + msgid + ">\\r\\nSubject: Later\\r\\n"
                "--rb--\\r\\n")
            with smtplib.SMTP("127.0.0.1", int(port), timeout=30) as client:
                client.sendmail("<>", [to], report.encode())
            print("sent")
            """
        return try await ExternalTool.run(
            "python3", ["-c", script, String(gateway.inboundPort), envelopeID, messageID, recipient, to])
    }

    @Test func aReportOnTheMXBouncesTheRelayedRecipient() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let relay = try await SinkRelay(
            directory: directory, routes: "  - { name: bounces, match: { domain: \"example.com\" }, action: hold }",
            more: """
                events:
                  webhooks:
                    - { url: "\(receiver.url)/bounces", secret: "\(receiver.secret)", allow_loopback: true, types: [message.bounced] }
                """)
        let gateway = relay.gateway
        let (status, receipt) = try await SendAPITests.post(
            gateway, "/v1/messages", #"{"from": "app@example.com", "to": ["one@example.net", "two@example.net"], "subject": "Later", "text": "x"}"#)
        #expect(status == 202, "\(receipt)")
        let id = try #require(receipt["id"] as? String)
        let messageID = try #require(receipt["message_id"] as? String)
        let relayed = try await relay.statuses(of: id) { $0.values.allSatisfy { $0 == "relayed" } && $0.count == 2 }
        #expect(relayed == ["one@example.net": "relayed", "two@example.net": "relayed"], "\(gateway.stderr)")

        // A report whose returned header names another message changes nothing.
        let forged = try await Self.sendReport(
            gateway, envelopeID: id, messageID: "someone-else@example.org", recipient: "two@example.net", to: "app@example.com")
        #expect(forged.output.contains("sent"), "\(forged.output)")
        let report = try await Self.sendReport(
            gateway, envelopeID: id, messageID: messageID, recipient: "one@example.net", to: "app@example.com")
        #expect(report.output.contains("sent"), "\(report.output)")

        let statuses = try await relay.statuses(of: id) { $0["one@example.net"] == "bounced" }
        #expect(statuses == ["one@example.net": "bounced", "two@example.net": "relayed"], "\(gateway.stderr)")
        let answer = try await SendAPITests.get(gateway, "/v1/messages/\(id)")
        let recipients = SendAPITests.json(answer.body)["recipients"] as? [[String: Any]] ?? []
        let bounced = try #require(recipients.first { $0["address"] as? String == "one@example.net" })
        let reply = bounced["reply"] as? [String: Any] ?? [:]
        #expect(reply["code"] as? Int == 550, "\(answer.body)")
        #expect(reply["enhanced_code"] as? String == "5.1.1", "\(answer.body)")
        #expect((reply["text"] as? String)?.contains("User unknown in local recipient table") == true, "\(answer.body)")
        #expect(bounced["upstream"] as? String == "mx.example.net")

        let requests = try await receiver.wait(within: .seconds(20)) { $0.contains { $0.event == "answered" } }
        let events = requests.filter { $0.event == "answered" }.compactMap(\.json)
        #expect(events.count == 1, "\(events)")
        let event = try #require(events.first)
        #expect(event["type"] as? String == "message.bounced")
        #expect(event["message_id"] as? String == id)
        #expect(event["recipient"] as? String == "one@example.net")
        #expect((event["reply"] as? [String: Any])?["code"] as? Int == 550)
        await relay.stop()
        await receiver.stop()
    }
}
