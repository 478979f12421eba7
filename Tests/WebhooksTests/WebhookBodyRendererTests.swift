import Foundation
import HTTPClient
import MIME
import MailModel
import Testing
import Webhooks

@Suite struct WebhookBodyRendererTests {
    static let message = Array("""
        From: Alice <alice@example.org>\r
        To: Support <help@support.example.com>, Bob <bob@example.com>\r
        Subject: Invoice 42\r
        Message-ID: <m1@example.org>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="outer"\r
        \r
        --outer\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Please find the invoice attached.\r
        --outer\r
        Content-Type: application/pdf; name="invoice.pdf"\r
        Content-Disposition: attachment; filename="invoice.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQKJeLjz9MK\r
        --outer--\r

        """.utf8)

    /// As a deliverer passes it: the envelope narrowed to the recipients of one route.
    static let source = InboundMessageSource(
        id: "01JTESTMESSAGE", receivedAt: Date(timeIntervalSince1970: 1_767_225_600),
        envelope: Envelope(
            mailFrom: "alice@example.org", rcptTo: ["help@support.example.com"], helo: "mx.example.org",
            receivedAt: Date(timeIntervalSince1970: 1_767_225_600)),
        bytes: message)

    static func target(_ format: WebhookFormat) -> WebhookTarget {
        WebhookTarget(url: "https://hooks.example.com/in", signer: WebhookSigner(secrets: [try! WebhookSecret("s3cret")]), format: format)
    }

    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func json() throws {
        let body = try WebhookBodyRenderer().render(Self.source, for: Self.target(.json), deliveryID: "01JTESTMESSAGE.support#0")
        #expect(body.contentType == "application/json")
        #expect(body.headers.isEmpty)
        let document = try Self.object(body.bytes)
        #expect(document["id"] as? String == "01JTESTMESSAGE")
        #expect(document["received_at"] as? String == "2026-01-01T00:00:00Z")
        let envelope = try #require(document["envelope"] as? [String: Any])
        #expect(envelope["rcpt_to"] as? [String] == ["help@support.example.com"])
        #expect(envelope["mail_from"] as? String == "alice@example.org")
        let attachments = try #require(document["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.first?["filename"] as? String == "invoice.pdf")
        #expect(attachments.first?["content_base64"] as? String == "JVBERi0xLjQKJeLjz9MK")
    }

    @Test func multipart() throws {
        let body = try WebhookBodyRenderer().render(Self.source, for: Self.target(.multipart), deliveryID: "01JTESTMESSAGE.support#0")
        #expect(body.contentType.hasPrefix("multipart/form-data; boundary="))
        let boundary = try #require(MultipartBody.boundary(of: body.contentType))
        let form = try #require(MultipartBody(body.bytes, boundary: boundary))
        #expect(form.parts.compactMap { $0.disposition("name") } == ["id", "envelope", "message", "from", "to", "subject", "text", "attachment-1"])
        #expect(form.part(named: "id")?.text == "01JTESTMESSAGE")
        let envelope = try Self.object(try #require(form.part(named: "envelope")).content)
        #expect(envelope["rcpt_to"] as? [String] == ["help@support.example.com"])
        #expect(form.part(named: "envelope")?.contentType == "application/json")
        #expect(form.part(named: "from")?.text == "alice@example.org")
        #expect(form.part(named: "to")?.text == "help@support.example.com, bob@example.com")
        #expect(form.part(named: "subject")?.text == "Invoice 42")
        #expect(form.part(named: "text")?.text.hasPrefix("Please find the invoice attached.") == true)

        let message = try #require(form.part(named: "message"))
        #expect(message.contentType == "application/json")
        let document = try Self.object(message.content)
        #expect(document["id"] as? String == "01JTESTMESSAGE")
        let attachments = try #require(document["attachments"] as? [[String: Any]])
        #expect(attachments.count == 1)
        #expect(attachments.allSatisfy { $0["content_base64"] == nil })
        #expect(!message.text.contains("content_base64"))

        let file = try #require(form.part(named: "attachment-1"))
        #expect(file.disposition("filename") == "invoice.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(file.content == Array(Data(base64Encoded: "JVBERi0xLjQKJeLjz9MK")!))
    }

    @Test func raw() throws {
        let body = try WebhookBodyRenderer().render(Self.source, for: Self.target(.raw), deliveryID: "01JTESTMESSAGE.support#0")
        #expect(body.contentType == "message/rfc822")
        #expect(body.bytes == Self.message)
        let headers = Dictionary(uniqueKeysWithValues: body.headers.map { ($0.name.lowercased(), $0.value) })
        #expect(headers == [
            "mailgate-message-id": "01JTESTMESSAGE",
            "mailgate-mail-from": "alice@example.org",
            "mailgate-rcpt-to": "help@support.example.com",
        ])
    }

    @Test(arguments: [WebhookFormat.json, .multipart, .raw])
    func sameInputGivesTheSameBytes(format: WebhookFormat) throws {
        let renderer = WebhookBodyRenderer()
        let first = try renderer.render(Self.source, for: Self.target(format), deliveryID: "01JTESTMESSAGE.support#0")
        let second = try renderer.render(Self.source, for: Self.target(format), deliveryID: "01JTESTMESSAGE.support#0")
        #expect(first.contentType == second.contentType)
        #expect(first.bytes == second.bytes)
    }
}
