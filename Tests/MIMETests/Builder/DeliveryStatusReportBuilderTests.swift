import Foundation
import MailgateTestSupport
@testable import MIME
import Testing

/// RFC 3464 reports as bytes, and read back by Python's `email` package.
@Suite struct DeliveryStatusReportBuilderTests {
    static let original = Array("Received: from app\r\nFrom: app@example.com\r\nSubject: Hello\r\n\r\nBody line.\r\n".utf8)

    static func report(returnContent: DeliveryStatusReport.Return = .headers, original: [UInt8] = original) -> DeliveryStatusReport {
        DeliveryStatusReport(
            reportingMTA: "mx.example.org", originalSender: "app@example.com",
            arrivalDate: Date(timeIntervalSince1970: 1_700_000_000), envelopeID: "env-42",
            recipients: [
                DeliveryStatusRecipient(
                    finalRecipient: "bounce@example.net", status: "5.1.1", remoteMTA: "smtp.example.net:587",
                    diagnostic: "550 5.1.1 no such user"),
                DeliveryStatusRecipient(
                    finalRecipient: "late@example.net", status: "5.4.7", remoteMTA: nil, diagnostic: "retry horizon passed"),
            ],
            returnContent: returnContent, originalMessage: original, messageID: "dsn.1@mx.example.org",
            date: Date(timeIntervalSince1970: 1_700_000_100))
    }

    static func build(_ report: DeliveryStatusReport) -> String {
        var generator = SplitMix64(seed: 7)
        return String(decoding: DeliveryStatusReportBuilder().build(report, using: &generator), as: UTF8.self)
    }

    @Test func theStatusPartHasAPerMessageAndAPerRecipientBlock() {
        let text = Self.build(Self.report())
        #expect(text.contains("Content-Type: multipart/report; report-type=delivery-status;"))
        #expect(text.contains("From: Mail Delivery System <postmaster@mx.example.org>\r\n"))
        #expect(text.contains("To: <app@example.com>\r\n"))
        #expect(text.contains("Auto-Submitted: auto-replied\r\n"))
        #expect(text.contains("""
            Content-Type: message/delivery-status\r
            \r
            Original-Envelope-Id: env-42\r
            Reporting-MTA: dns; mx.example.org\r
            Arrival-Date: Tue, 14 Nov 2023 22:13:20 +0000\r
            \r
            Final-Recipient: rfc822; bounce@example.net\r
            Action: failed\r
            Status: 5.1.1\r
            Remote-MTA: dns; smtp.example.net\r
            Diagnostic-Code: smtp; 550 5.1.1 no such user\r
            \r
            Final-Recipient: rfc822; late@example.net\r
            Action: failed\r
            Status: 5.4.7\r
            Diagnostic-Code: smtp; retry horizon passed\r
            """))
        // RET=HDRS: the header comes back, the body does not.
        #expect(text.contains("Content-Type: text/rfc822-headers\r\nContent-Transfer-Encoding: 7bit\r\n\r\nReceived: from app\r\n"))
        #expect(!text.contains("Body line."))
    }

    @Test func retFullReturnsTheWholeMessageUnlessItIsEightBit() {
        let full = Self.build(Self.report(returnContent: .full))
        #expect(full.contains("Content-Type: message/rfc822\r\n\r\nReceived: from app\r\n"))
        #expect(full.contains("Body line."))
        let eightBit = Self.original.dropLast(12) + Array("Grüße.\r\n".utf8)
        let headersOnly = Self.build(Self.report(returnContent: .full, original: Array(eightBit)))
        #expect(headersOnly.contains("Content-Type: text/rfc822-headers"))
        #expect(!headersOnly.contains("message/rfc822"))
    }

    @Test(arguments: [
        ("A: 1\r\n\r\nbody\r\n", "A: 1\r\n"),
        ("A: 1\nB: 2\n\nbody\n", "A: 1\nB: 2\n"),
        ("A: 1\r\n", "A: 1\r\n"),
        ("\r\nbody", ""),
    ])
    func theHeaderBlockEndsAtTheFirstEmptyLine(message: String, header: String) {
        #expect(DeliveryStatusReportBuilder.headerBlock(Array(message.utf8)) == Array(header.utf8))
    }

    @Test func statusFieldsStaySevenBit() {
        #expect(DeliveryStatusReportBuilder.ascii("550 nö\r\nX: y") == "550 n???X: y")
    }

    @Test func pythonEmailReadsTheReport() async throws {
        let script = """
            import email, email.policy, json, sys
            message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            parts = list(message.iter_parts())
            blocks = [dict((k, str(v)) for k, v in block.items()) for block in parts[1].get_payload()]
            print(json.dumps({"type": message.get_content_type(), "report_type": message.get_param("report-type"),
                              "parts": [part.get_content_type() for part in parts], "blocks": blocks,
                              "defects": [str(d) for d in message.defects] + [str(d) for p in parts for d in p.defects]}))
            """
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        let result = try await ExternalTool.run(python, ["-c", script], stdin: Self.build(Self.report()))
        let fields = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")
        #expect(fields["type"] as? String == "multipart/report")
        #expect(fields["report_type"] as? String == "delivery-status")
        #expect(fields["parts"] as? [String] == ["text/plain", "message/delivery-status", "text/rfc822-headers"])
        #expect(fields["defects"] as? [String] == [])
        let blocks = fields["blocks"] as? [[String: String]] ?? []
        #expect(blocks.count == 3)
        #expect(blocks.first?["Original-Envelope-Id"] == "env-42")
        #expect(blocks.dropFirst().map { $0["Final-Recipient"] } == ["rfc822; bounce@example.net", "rfc822; late@example.net"])
        #expect(blocks.dropFirst().map { $0["Status"] } == ["5.1.1", "5.4.7"])
        #expect(blocks[1]["Diagnostic-Code"] == "smtp; 550 5.1.1 no such user")
    }
}
