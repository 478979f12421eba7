@testable import MIME
import Testing

@Suite struct FilenameParameterTests {
    @Test(arguments: [
        "report.pdf", "My Report (final).pdf", "Grüße.txt", "résumé 2026.docx", "日本語のファイル名.xlsx",
        "quote\"and\\backslash.txt", "=?utf-8?q?fake?=.bin", "semi;colon=equals.txt",
        String(repeating: "long-name-", count: 20) + ".zip", String(repeating: "ü", count: 100) + ".txt",
        "👩‍👩‍👧‍👦.png", "percent%20name.txt", "star*and'apos.txt",
    ])
    func filenameRoundTripsThroughOurParser(filename: String) throws {
        let attachment = DraftAttachment(filename: filename, contentType: "application/octet-stream", data: [1, 2, 3])
        let bytes = try MessageBuilder().build(DraftSamples.minimal(attachments: [attachment]))
        #expect(MessageBuilder.lineProblems(bytes).isEmpty)
        let parsed = MessageParser().parse(bytes)
        #expect(parsed.attachments.first?.filename == filename)
        let part = try #require(parsed.parts.first { $0.mediaType == "application/octet-stream" })
        // The fallback for old clients names the same file.
        #expect(part.contentType[parameter: "name"] == filename)
        for field in MessageBuilder.headerFields(bytes) { #expect(field.name.utf8.count + field.value.utf8.count < 998) }
        // Folded at 78 wherever a blank allows: every line of the part's header fits.
        for line in MessageBuilder.lines(bytes) { #expect(line.count <= 78, "\(String(decoding: line, as: UTF8.self))") }
    }

    @Test func plainNamesAreQuotedStrings() {
        #expect(FilenameParameter.dispositionWords("a b.pdf").map(\.text) == ["filename=\"a b.pdf\""])
        #expect(FilenameParameter.nameWords("a b.pdf").map(\.text) == ["name=\"a b.pdf\""])
    }

    @Test func longNamesUseNumberedContinuationsThatDoNotSplitCharacters() {
        let name = String(repeating: "ü", count: 40) + ".txt"
        let words = FilenameParameter.dispositionWords(name).map(\.text)
        #expect(words.count > 1)
        for (index, word) in words.enumerated() {
            #expect(word.hasPrefix("filename*\(index)*="))
            #expect(word.utf8.count <= 76)
            let value = word.split(separator: "=", maxSplits: 1)[1]
            // A section never ends inside a %XX escape nor inside the two bytes of ü.
            #expect(!value.hasSuffix("%C3") && !value.hasSuffix("%C3;"))
        }
        #expect(words[0].hasPrefix("filename*0*=utf-8''"))
    }

    @Test(arguments: ["", "   ", String(repeating: "a", count: 256)])
    func badFilenamesAreRefused(filename: String) {
        let attachment = DraftAttachment(filename: filename, contentType: "application/pdf", data: [])
        #expect(throws: MessageBuildError.invalidFilename(field: "/attachments/0/filename")) {
            try MessageBuilder().build(DraftSamples.minimal(attachments: [attachment]))
        }
    }
}
