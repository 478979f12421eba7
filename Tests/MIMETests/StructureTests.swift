@testable import MIME
import Testing

@Suite struct StructureTests {
    static func parse(_ text: String, limits: MIMELimits = .default) -> ParsedMessage {
        MessageParser(limits: limits).parse(Array(text.utf8))
    }

    static let mixed = """
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        one
        --b
        Content-Type: application/octet-stream

        two
        --b
        Content-Type: application/octet-stream

        three
        --b--

        """

    @Test func partsAndBodies() {
        let parsed = Self.parse(Self.mixed)
        #expect(parsed.text == "one")
        #expect(parsed.attachments.map { String(decoding: $0.content, as: UTF8.self) } == ["two", "three"])
        #expect(parsed.attachments.map(\.id) == ["2", "3"])
        #expect(parsed.attachment(id: "3").map { String(decoding: $0.content, as: UTF8.self) } == "three")
        #expect(parsed.attachment(id: "1") == nil)
        #expect(!parsed.isTruncated)
        #expect(parsed.defects.isEmpty)
    }

    @Test func partLimitTruncates() {
        let parsed = Self.parse(Self.mixed, limits: MIMELimits(maxParts: 3))
        #expect(parsed.truncations == [.partCount])
        #expect(parsed.text == "one")
        #expect(parsed.attachments.count == 1)
    }

    @Test func headerLimitsTruncate() {
        let many = String(repeating: "X-Filler: yes\n", count: 50) + "Subject: late\n\nbody\n"
        let counted = Self.parse(many, limits: MIMELimits(maxHeaderCount: 10))
        #expect(counted.truncations == [.headerCount])
        #expect(counted.header.fields.count == 10)
        #expect(counted.text == "body\n")
        let sized = Self.parse("Subject: " + String(repeating: "x", count: 5000) + "\nFrom: a@b.example\n\nbody\n", limits: MIMELimits(maxHeaderBytes: 1000))
        #expect(sized.truncations == [.headerSize])
        #expect(sized.text == "body\n")
    }

    @Test func depthLimitKeepsOpaquePart() {
        var text = ""
        for level in 0..<5 { text += "Content-Type: multipart/mixed; boundary=\"l\(level)\"\n\n--l\(level)\n" }
        text += "Content-Type: text/plain\n\ndeep\n"
        let parsed = Self.parse(text, limits: MIMELimits(maxDepth: 2))
        #expect(parsed.truncations == [.nestingDepth])
        #expect(parsed.text == nil)
        #expect(parsed.attachments.count == 1)
        #expect(parsed.attachments[0].contentType == "multipart/mixed")
    }

    @Test func missingBoundariesAndLineEndings() {
        let crlf = "Content-Type: multipart/alternative; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>h</p>\r\n"
        let parsed = Self.parse(crlf)
        #expect(parsed.text == "line1\nline2")
        #expect(parsed.html == "<p>h</p>\n")
        #expect(parsed.defects.contains("missing final boundary"))
    }

    @Test func headerBlockWithoutSeparatorLine() {
        let parsed = Self.parse("Subject: hi\nthis is body text, no blank line\n")
        #expect(parsed.header.subject == "hi")
        #expect(parsed.text == "this is body text, no blank line\n")
    }

    @Test func partHeadersWithoutBlankLine() {
        let parsed = Self.parse("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n--b\n\nsecond\n--b--\n")
        #expect(parsed.text == "")
        #expect(parsed.attachments.count == 1)
    }

    @Test func emptyAndGarbageInputs() {
        for input in ["", "\n", "\r\n\r\n", "no colon at all", ":", "--", "Content-Type: multipart/mixed\n\n--", "\u{0}\u{1}\u{2}", "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n"] {
            let parsed = Self.parse(input)
            #expect(parsed.rawSize == input.utf8.count)
        }
    }

    @Test func messageRFC822Summary() {
        let text = """
            Content-Type: multipart/mixed; boundary=o

            --o
            Content-Type: message/rfc822

            From: Inner <inner@example.com>
            Subject: =?utf-8?q?inner_=E2=9C=93?=
            Date: Wed, 22 Mar 2023 17:00:00 +0000

            inner body
            --o--

            """
        let parsed = Self.parse(text)
        #expect(parsed.text == nil)
        #expect(parsed.attachments.count == 1)
        let embedded = parsed.attachments[0].embeddedMessage
        #expect(embedded?.subject == "inner ✓")
        #expect(embedded?.from == [MailAddress(name: "Inner", address: "inner@example.com")])
        #expect(embedded?.date?.iso8601 == "2023-03-22T17:00:00Z")
    }

    @Test func relatedStartParameterAndDispositions() {
        let text = """
            Content-Type: multipart/related; boundary=r; start="<root@x>"

            --r
            Content-Type: image/gif
            Content-ID: <img@x>

            GIF
            --r
            Content-Type: text/html
            Content-ID: <root@x>

            <img src="cid:img@x">
            --r
            Content-Type: image/png
            Content-ID: <unused@x>

            PNG
            --r--

            """
        let parsed = Self.parse(text)
        #expect(parsed.html == "<img src=\"cid:img@x\">")
        #expect(parsed.cidReferences == ["img@x"])
        #expect(parsed.attachments.map(\.contentID) == ["img@x", "unused@x"])
        #expect(parsed.attachments.map(\.disposition) == ["inline", "inline"])
    }

    @Test func rawUTF8AndLegacyHeaders() {
        let legacy: [UInt8] = Array("Subject: caf".utf8) + [0xE9] + Array("\nContent-Type: text/plain; charset=iso-8859-1\n\nx".utf8)
        #expect(MessageParser().parse(legacy).header.subject == "café")
        let cyrillic: [UInt8] = Array("Subject: ".utf8) + [0xCF, 0xF0, 0xE8] + Array("\nContent-Type: text/plain; charset=windows-1251\n\nx".utf8)
        #expect(MessageParser().parse(cyrillic).header.subject == "При")
        #expect(Self.parse("Subject: Grüße\n\nx").header.subject == "Grüße")
    }

    @Test func strippedReply() {
        let body = """
            Sounds good, see you then.

            Best,
            Ann
            --\u{20}
            Ann Example | Example Corp

            On Tue, Mar 14, 2023 at 9:00 AM Bob <bob@example.org> wrote:
            > Lunch at noon?
            """
        #expect(ReplyStripper.strip(body) == "Sounds good, see you then.\n\nBest,\nAnn")
        let outlook = "Yes.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\n\nquestion"
        #expect(ReplyStripper.strip(outlook) == "Yes.")
        let outlookHeaderBlock = "Yes.\n\nFrom: Bob <bob@example.org>\nSent: Monday, March 13, 2023\nTo: Ann\nSubject: q\n\nquestion"
        #expect(ReplyStripper.strip(outlookHeaderBlock) == "Yes.")
        let wrapped = "Fine.\n\nOn Tue, Mar 14, 2023 at 9:00 AM Bob Example <bob@example.org>\nwrote:\n> q"
        #expect(ReplyStripper.strip(wrapped) == "Fine.")
        let inline = "> question one\nanswer one\n> question two\nanswer two"
        #expect(ReplyStripper.strip(inline) == "answer one\nanswer two")
    }
}
