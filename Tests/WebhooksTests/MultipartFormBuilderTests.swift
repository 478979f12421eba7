import Testing

@testable import Webhooks

@Suite struct MultipartFormBuilderTests {
    static func sample() -> MultipartFormBuilder {
        var form = MultipartFormBuilder()
        form.addField("id", "msg-1")
        form.addJSONField("envelope", Array(#"{"rcpt_to":["a@b.test"]}"#.utf8))
        form.addFile("attachment-1", filename: "report.pdf", contentType: "application/pdf", [0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a])
        return form
    }

    @Test func bodyParsesBackIntoItsParts() throws {
        let (contentType, body) = Self.sample().build(boundarySeed: "01JABC-def.ghi")
        #expect(contentType == "multipart/form-data; boundary=mailgate-01JABCdefghi")
        let parsed = try #require(MultipartBody(body, boundary: "mailgate-01JABCdefghi"))
        #expect(parsed.parts.count == 3)
        let id = try #require(parsed.part(named: "id"))
        #expect(id.text == "msg-1")
        #expect(id.contentType == "text/plain; charset=utf-8")
        let envelope = try #require(parsed.part(named: "envelope"))
        #expect(envelope.contentType == "application/json")
        #expect(envelope.text == #"{"rcpt_to":["a@b.test"]}"#)
        let file = try #require(parsed.part(named: "attachment-1"))
        #expect(file.disposition("filename") == "report.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(file.content == [0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a])
    }

    @Test func sameSeedGivesTheSameBytes() {
        let first = Self.sample().build(boundarySeed: "seed-1")
        let second = Self.sample().build(boundarySeed: "seed-1")
        #expect(first.contentType == second.contentType)
        #expect(first.body == second.body)
        #expect(Self.sample().build(boundarySeed: "seed-2").body != first.body)
    }

    @Test(arguments: [1, 2, 5])
    func contentContainingTheBoundaryLengthensIt(copies: Int) throws {
        // Content that holds the boundary (and its first lengthenings) as a delimiter line would.
        var content = ""
        var candidate = "mailgate-seed"
        for _ in 0..<copies {
            content += "\r\n--\(candidate)\r\n"
            candidate += "-x"
        }
        var form = MultipartFormBuilder()
        form.addField("text", content)
        form.addFile("attachment-1", filename: "a.txt", contentType: "text/plain", Array(("prefix" + content + "suffix").utf8))
        let (contentType, body) = form.build(boundarySeed: "seed")
        let boundary = try #require(MultipartBody.boundary(of: contentType))
        #expect(boundary.hasPrefix("mailgate-seed"))
        #expect(boundary.count > "mailgate-seed".count)
        #expect(!content.contains(boundary))
        let parsed = try #require(MultipartBody(body, boundary: boundary))
        #expect(parsed.parts.count == 2)
        #expect(parsed.part(named: "text")?.text == content)
        #expect(parsed.part(named: "attachment-1")?.text == "prefix" + content + "suffix")
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("quote\"inside", "quote%22inside"),
        ("line\nbreak", "line%0Abreak"),
        ("carriage\rreturn", "carriage%0Dreturn"),
        ("crlf\r\nbreak", "crlf%0Abreak"),
        ("naïve ünïcode.txt", "naïve ünïcode.txt"),
    ])
    func quotesNamesAndFilenames(raw: String, quoted: String) throws {
        var form = MultipartFormBuilder()
        form.addField(raw, "value")
        form.addFile("file", filename: raw, contentType: "text/plain", Array("x".utf8))
        let (_, body) = form.build(boundarySeed: "q")
        let parsed = try #require(MultipartBody(body, boundary: "mailgate-q"))
        #expect(parsed.parts.count == 2)
        #expect(parsed.parts[0].disposition("name") == quoted)
        #expect(parsed.parts[0].text == "value")
        #expect(parsed.parts[1].disposition("filename") == quoted)
        // Each part's header stays two lines: no name can add a header line.
        #expect(parsed.parts.allSatisfy { $0.headers.count == 2 })
    }

    @Test func emptyFormIsOnlyTheClosingDelimiter() {
        let (_, body) = MultipartFormBuilder().build(boundarySeed: "e")
        #expect(body == Array("--mailgate-e--\r\n".utf8))
    }
}
