import Foundation
@testable import MIME
import Testing

/// The MIME tree is only as deep as the content needs.
@Suite struct MessageStructureTests {
    static let pdf = DraftAttachment(filename: "a.pdf", contentType: "application/pdf", data: [1, 2, 3])
    static let logo = DraftAttachment(filename: "logo.png", contentType: "image/png", data: [0x89, 0x50], contentID: "logo@x")

    static func tree(_ parsed: ParsedMessage, _ index: Int = 0) -> String {
        let part = parsed.parts[index]
        guard part.isMultipart else { return part.mediaType }
        return part.mediaType + "(" + part.children.map { tree(parsed, $0) }.joined(separator: ",") + ")"
    }

    @Test(arguments: [
        (true, false, [DraftAttachment](), "text/plain"),
        (false, true, [], "text/html"),
        (true, true, [], "multipart/alternative(text/plain,text/html)"),
        (true, false, [MessageStructureTests.pdf], "multipart/mixed(text/plain,application/pdf)"),
        (false, false, [MessageStructureTests.pdf], "multipart/mixed(application/pdf)"),
        (true, true, [MessageStructureTests.pdf], "multipart/mixed(multipart/alternative(text/plain,text/html),application/pdf)"),
        (false, true, [MessageStructureTests.logo], "multipart/related(text/html,image/png)"),
        (true, true, [MessageStructureTests.logo], "multipart/related(multipart/alternative(text/plain,text/html),image/png)"),
        (true, true, [MessageStructureTests.logo, MessageStructureTests.pdf], "multipart/mixed(multipart/related(multipart/alternative(text/plain,text/html),image/png),application/pdf)"),
        // Inline parts without HTML to refer to them are shown by the client in the flow of the message.
        (true, false, [MessageStructureTests.logo], "multipart/mixed(text/plain,image/png)"),
    ])
    func structure(hasText: Bool, hasHTML: Bool, attachments: [DraftAttachment], expected: String) throws {
        let draft = DraftSamples.minimal(text: hasText ? "Hello" : nil, html: hasHTML ? "<p>Hello</p>" : nil, attachments: attachments)
        let bytes = try MessageBuilder().build(draft)
        #expect(MessageBuilder.lineProblems(bytes).isEmpty)
        let parsed = MessageParser().parse(bytes)
        #expect(Self.tree(parsed) == expected)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.text == (hasText ? "Hello\n" : nil))
        #expect(parsed.html == (hasHTML ? "<p>Hello</p>\n" : nil))
        #expect(parsed.attachments.map(\.content) == attachments.map(\.data))
        #expect(parsed.attachments.map(\.disposition) == attachments.map { $0.contentID == nil ? "attachment" : "inline" })
        #expect(parsed.attachments.map(\.contentID) == attachments.map(\.contentID))
    }

    @Test func emptyDraftIsRefused() {
        #expect(throws: MessageBuildError.emptyMessage(field: "/text")) {
            try MessageBuilder().build(DraftSamples.minimal(text: nil))
        }
    }

    @Test func headerFieldsAreTheExpectedOnes() throws {
        var draft = DraftSamples.minimal(text: "Hello", html: "<b>Hi</b>", attachments: [Self.pdf])
        draft.cc = [MailAddress(address: "carol@example.net")]
        draft.replyTo = [MailAddress(address: "replies@example.com")]
        draft.sender = MailAddress(address: "bulk@example.com")
        draft.headers = [DraftHeader(name: "X-Campaign", value: "spring"), DraftHeader(name: "List-Unsubscribe", value: "<https://example.com/u/1>")]
        let bytes = try MessageBuilder().build(draft)
        let fields = MessageBuilder.headerFields(bytes)
        #expect(fields.map(\.name) == [
            "Date", "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Message-ID", "X-Campaign", "List-Unsubscribe",
            "MIME-Version", "Content-Type",
        ])
        let values = Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(values["Date"] == " Mon, 30 Nov 2026 00:53:20 +0000")
        #expect(values["Message-ID"] == " <test.1@mail.example.com>")
        #expect(values["MIME-Version"] == " 1.0")
        #expect(values["List-Unsubscribe"] == " <https://example.com/u/1>")
    }

    @Test func boundariesDoNotOccurInTheParts() throws {
        // 7bit text is the user's: it may hold lines that look like delimiters.
        let text = (0..<50).map { "--=_line \($0)" }.joined(separator: "\n")
        let bytes = try MessageBuilder().build(DraftSamples.minimal(text: text, html: "--=_<p>x</p>", attachments: [Self.pdf]), seed: 7)
        let parsed = MessageParser().parse(bytes)
        #expect(parsed.text == text + "\n")
        #expect(parsed.html == "--=_<p>x</p>\n")
        for part in parsed.parts where part.isMultipart {
            let boundary = try #require(part.contentType[parameter: "boundary"])
            let delimiters = MessageBuilder.lines(bytes).filter { $0.starts(with: Array(("--" + boundary).utf8)) }
            #expect(delimiters.count == part.children.count + 1)
        }
    }

    @Test func seededBuildsAreReproducible() throws {
        let draft = DraftSamples.minimal(text: "a", html: "b", attachments: [Self.pdf, Self.logo])
        #expect(try MessageBuilder().build(draft, seed: 1) == MessageBuilder().build(draft, seed: 1))
        #expect(try MessageBuilder().build(draft, seed: 1) != MessageBuilder().build(draft, seed: 2))
    }
}
