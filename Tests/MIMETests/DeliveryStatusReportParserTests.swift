import Foundation
@testable import MIME
import Testing

/// Reports received from other MTAs, read back into the builder's own types.
@Suite struct DeliveryStatusReportParserTests {
    @Test func ourOwnReportReadsBack() throws {
        var report = DeliveryStatusReportBuilderTests.report()
        report.originalMessage = Array("From: app@example.com\r\nMessage-ID: <orig.1@mx.example.org>\r\n\r\nBody.\r\n".utf8)
        var generator = SplitMix64(seed: 7)
        let parsed = try #require(DeliveryStatusReportParser.parse(DeliveryStatusReportBuilder().build(report, using: &generator)))
        #expect(parsed.envelopeID == "env-42")
        #expect(parsed.reportingMTA == "mx.example.org")
        #expect(parsed.originalMessageID == "orig.1@mx.example.org")
        #expect(parsed.failed == [
            // The builder names the remote MTA by host only (a port is not part of a dns name).
            DeliveryStatusRecipient(
                finalRecipient: "bounce@example.net", status: "5.1.1", remoteMTA: "smtp.example.net",
                diagnostic: "550 5.1.1 no such user"),
            DeliveryStatusRecipient(
                finalRecipient: "late@example.net", status: "5.4.7", remoteMTA: nil, diagnostic: "retry horizon passed"),
        ])
    }

    /// As Postfix writes them: a folded `Diagnostic-Code`, a `delayed` recipient that says nothing final, the
    /// original returned as `message/rfc822`, the report inside a `multipart/mixed`.
    @Test func aPostfixStyleReport() throws {
        let text = """
            From: MAILER-DAEMON@mx.example.net\r
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            --outer\r
            Content-Type: multipart/report; report-type="Delivery-Status"; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain\r
            \r
            Sorry.\r
            --b\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; mx.example.net\r
            X-Postfix-Queue-ID: 4F1\r
            Original-Envelope-Id: 0193abc\r
            \r
            Final-Recipient: rfc822; <One@Example.net>\r
            Original-Recipient: rfc822;one@example.net\r
            Action: failed\r
            Status: 5.1.1 (user unknown)\r
            Remote-MTA: dns; inbox.example.net\r
            Diagnostic-Code: smtp; 550 5.1.1 <one@example.net>:\r
                Recipient address rejected: User unknown\r
            \r
            Final-Recipient: rfc822; two@example.net\r
            Action: delayed\r
            Status: 4.4.1\r
            \r
            --b\r
            Content-Type: message/rfc822\r
            \r
            From: app@example.com\r
            Message-ID: <m.2@mailgate.example>\r
            \r
            Hello.\r
            --b--\r
            --outer--\r

            """
        let parsed = try #require(DeliveryStatusReportParser.parse(Array(text.utf8)))
        #expect(parsed.envelopeID == "0193abc")
        #expect(parsed.originalMessageID == "m.2@mailgate.example")
        #expect(parsed.failed == [
            DeliveryStatusRecipient(
                finalRecipient: "One@Example.net", status: "5.1.1", remoteMTA: "inbox.example.net",
                diagnostic: "550 5.1.1 <one@example.net>: Recipient address rejected: User unknown"),
        ])
    }

    @Test func otherMessagesAreNotReports() {
        #expect(DeliveryStatusReportParser.parse(Array("From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n".utf8)) == nil)
        #expect(DeliveryStatusReportParser.isReport(contentType: "multipart/report; report-type=delivery-status; boundary=x"))
        #expect(DeliveryStatusReportParser.isReport(contentType: "Multipart/Report; report-type=\"Delivery-Status\""))
        #expect(!DeliveryStatusReportParser.isReport(contentType: "multipart/report; report-type=disposition-notification"))
        #expect(!DeliveryStatusReportParser.isReport(contentType: "multipart/mixed"))
    }
}
