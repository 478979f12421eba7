@testable import MIME
import Testing

@Suite struct AttachmentContentTypeTests {
    @Test(arguments: [
        ("application/pdf", "application/pdf"),
        ("Image/PNG", "image/png"),
        ("text/calendar; method=REQUEST; charset=utf-8", "text/calendar; method=REQUEST; charset=utf-8"),
        ("text/plain;charset=\"us-ascii\"", "text/plain; charset=us-ascii"),
        ("application/x-thing; comment=\"a \\\"quoted\\\" value\"", "application/x-thing; comment=\"a \\\"quoted\\\" value\""),
        ("application/pdf; name=\"evil.exe\"", "application/pdf"),
        ("application/pdf;", "application/pdf"),
    ])
    func canonicalForm(given: String, expected: String) throws {
        let parsed = try #require(AttachmentContentType(given))
        #expect(parsed.words.map(\.text).joined(separator: " ") == expected)
    }

    @Test(arguments: [
        "", "pdf", "application/", "/pdf", "application/pdf extra", "application/pdf; x", "application/pdf; x=\"open",
        "multipart/mixed; boundary=x", "message/rfc822", "app lication/pdf", "application/pdf; x=\"ü\"", "text/plain; a=b c",
        "application/pdf; x=" + String(repeating: "a", count: 1000),
    ])
    func refused(given: String) {
        #expect(AttachmentContentType(given) == nil)
        let attachment = DraftAttachment(filename: "f", contentType: given, data: [])
        #expect(throws: MessageBuildError.invalidContentType(field: "/attachments/0/content_type")) {
            try MessageBuilder().build(DraftSamples.minimal(attachments: [attachment]))
        }
    }

    @Test(arguments: [("<logo@x>", "logo@x"), ("logo", "logo"), ("image001.png@01D9ABCD.12345678", "image001.png@01D9ABCD.12345678")])
    func contentIDs(given: String, written: String) throws {
        let attachment = DraftAttachment(filename: "l.png", contentType: "image/png", data: [1], contentID: given)
        let parsed = MessageParser().parse(try MessageBuilder().build(DraftSamples.minimal(html: "<img src=cid:x>", attachments: [attachment])))
        #expect(parsed.attachments.first?.contentID == written)
    }

    @Test(arguments: ["", "a b", "<>", "a<b", "a\"b"])
    func badContentIDs(given: String) {
        let attachment = DraftAttachment(filename: "l.png", contentType: "image/png", data: [1], contentID: given)
        #expect(throws: MessageBuildError.invalidContentID(field: "/attachments/0/content_id")) {
            try MessageBuilder().build(DraftSamples.minimal(attachments: [attachment]))
        }
    }

    @Test func duplicateContentIDsAreRefused() {
        let first = DraftAttachment(filename: "a.png", contentType: "image/png", data: [1], contentID: "same")
        let second = DraftAttachment(filename: "b.png", contentType: "image/png", data: [2], contentID: "<same>")
        #expect(throws: MessageBuildError.invalidContentID(field: "/attachments/1/content_id")) {
            try MessageBuilder().build(DraftSamples.minimal(attachments: [first, second]))
        }
    }
}
