import Digests
import Foundation
@testable import MIME
import MailModel
import Testing

@Suite struct InboundJSONTests {
    static let message = Array("""
        From: "Doe, John" <john@example.com>\r
        To: a@example.org, B <b@example.org>\r
        Subject: =?utf-8?q?Hello_=E2=9C=93?=\r
        Date: Tue, 14 Mar 2023 09:26:53 +0100\r
        Message-ID: <m1@example.com>\r
        In-Reply-To: <m0@example.com>\r
        Content-Type: multipart/mixed; boundary=b\r
        \r
        --b\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Hi\r
        --b\r
        Content-Type: application/octet-stream; name="small.bin"\r
        Content-Transfer-Encoding: base64\r
        \r
        AAEC\r
        --b\r
        Content-Type: application/octet-stream; name="big.bin"\r
        Content-Transfer-Encoding: base64\r
        \r
        \(String(repeating: "QUFB", count: 100))\r
        --b--\r

        """.utf8)

    static func render(_ options: InboundRenderOptions, envelope: Envelope? = nil) throws -> [String: Any] {
        let parsed = MessageParser().parse(message)
        let inbound = InboundMessage(parsed, rawMessage: message, options: options, id: "msg_1", receivedAt: "2023-03-14T08:27:00Z", envelope: envelope)
        let data = try InboundJSONEncoder().encode(inbound)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test func shapeAndValues() throws {
        let json = try Self.render(InboundRenderOptions(inlineAttachmentLimit: 100, attachmentBaseURL: "https://gw.example/a/"))
        #expect(json["schema_version"] as? Int == 1)
        #expect(json["id"] as? String == "msg_1")
        #expect(json["received_at"] as? String == "2023-03-14T08:27:00Z")
        let message = try #require(json["message"] as? [String: Any])
        #expect(message["subject"] as? String == "Hello ✓")
        #expect(message["date"] as? String == "2023-03-14T08:26:53Z")
        #expect(message["date_raw"] as? String == "Tue, 14 Mar 2023 09:26:53 +0100")
        #expect(message["message_id"] as? String == "m1@example.com")
        #expect(message["in_reply_to"] as? [String] == ["m0@example.com"])
        #expect(message["text"] as? String == "Hi")
        #expect(message["html"] is NSNull)
        let from = try #require(message["from"] as? [String: Any])
        #expect(from["name"] as? String == "Doe, John")
        let to = try #require(message["to"] as? [[String: Any]])
        #expect(to.count == 2)
        #expect(to[0]["name"] is NSNull)
        let headers = try #require(message["headers"] as? [[String: String]])
        #expect(headers.first?["name"] == "From")
        #expect(headers.map { $0["name"]! }.prefix(3) == ["From", "To", "Subject"])
        let attachments = try #require(json["attachments"] as? [[String: Any]])
        #expect(attachments.count == 2)
        #expect(attachments[0]["filename"] as? String == "small.bin")
        #expect(attachments[0]["content_base64"] as? String == "AAEC")
        #expect(attachments[0]["url"] == nil)
        #expect(attachments[0]["size"] as? Int == 3)
        #expect(attachments[0]["sha256"] as? String == SHA256Hasher.hex([0, 1, 2]))
        #expect(attachments[1]["content_base64"] == nil)
        #expect(attachments[1]["url"] as? String == "https://gw.example/a/\(attachments[1]["id"] as! String)")
        let raw = try #require(json["raw"] as? [String: Any])
        #expect(raw["sha256"] as? String == SHA256Hasher.hex(Self.message))
        #expect(raw["content_base64"] == nil)
        #expect(json["truncated"] as? Bool == false)
        let envelope = try #require(json["envelope"] as? [String: Any])
        #expect(envelope["rcpt_to"] as? [String] == [])
    }

    @Test func envelopeAndRaw() throws {
        let envelope = Envelope(
            mailFrom: "s@example.com", rcptTo: ["r@example.org"], helo: "client.example", remoteIP: "192.0.2.1",
            tls: TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256"), authUser: "app", size: 123,
            receivedAt: Date(timeIntervalSince1970: 1_678_782_420)
        )
        let json = try Self.render(InboundRenderOptions(includeRaw: true), envelope: envelope)
        let encoded = try #require(json["envelope"] as? [String: Any])
        #expect(encoded["mail_from"] as? String == "s@example.com")
        #expect(encoded["remote_ip"] as? String == "192.0.2.1")
        #expect((encoded["tls"] as? [String: String])?["version"] == "TLSv1.3")
        let raw = try #require(json["raw"] as? [String: Any])
        #expect(raw["content_base64"] as? String == Base64.encode(Self.message))
    }

    @Test func outputIsSortedAndStable() throws {
        let parsed = MessageParser().parse(Self.message)
        let first = try InboundJSONEncoder().encode(InboundMessage(parsed))
        let second = try InboundJSONEncoder().encode(InboundMessage(MessageParser().parse(Self.message)))
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\"attachments\":"))
        #expect(!text.contains("\\/"))
        // Decodes back into the model.
        let decoded = try JSONDecoder().decode(InboundMessage.self, from: first)
        #expect(decoded == InboundMessage(parsed))
    }
}
