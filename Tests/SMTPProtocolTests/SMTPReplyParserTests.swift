import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPReplyParserTests {
    @Test func parsesSingleAndMultiLineReplies() throws {
        var parser = SMTPReplyParser()
        var input = ByteBuffer(string: "220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250 SIZE 10\r\n550 5.1.1 no such user\r\n354\r\n")
        #expect(try parser.next(from: &input) == SMTPReply(code: 220, "mx ESMTP"))
        #expect(try parser.next(from: &input) == SMTPReply(code: 250, lines: ["mx", "PIPELINING", "SIZE 10"]))
        #expect(try parser.next(from: &input) == SMTPReply(550, "5.1.1", "no such user"))
        #expect(try parser.next(from: &input) == SMTPReply(code: 354, ""))
        #expect(try parser.next(from: &input) == nil)
    }

    @Test func replySplitAcrossReads() throws {
        var parser = SMTPReplyParser()
        var input = ByteBuffer(string: "250-first\r\n25")
        #expect(try parser.next(from: &input) == nil)
        input.writeString("0 2.0.0 last\r\n")
        #expect(try parser.next(from: &input) == SMTPReply(code: 250, enhancedCode: EnhancedStatusCode(2, 0, 0), lines: ["first", "last"]))
    }

    @Test func enhancedCodeOnlyWhenTheClassMatches() throws {
        var parser = SMTPReplyParser()
        var input = ByteBuffer(string: "250 5.1.1 looks enhanced but is not\r\n")
        #expect(try parser.next(from: &input)?.enhancedCode == nil)
    }

    @Test(arguments: ["hello\r\n", "25\r\n", "250x\r\n", "099 x\r\n", "250-a\r\n251 b\r\n"])
    func malformed(_ text: String) {
        var parser = SMTPReplyParser()
        var input = ByteBuffer(string: text)
        #expect(throws: SMTPReplyParser.Error.self) {
            while try parser.next(from: &input) != nil {}
        }
    }

    @Test func boundedLinesAndCount() {
        var parser = SMTPReplyParser(maximumLineLength: 64, maximumLines: 3)
        var input = ByteBuffer(string: String(repeating: "x", count: 100))
        #expect(throws: SMTPReplyParser.Error.lineTooLong) { try parser.next(from: &input) }
        parser = SMTPReplyParser(maximumLineLength: 64, maximumLines: 3)
        input = ByteBuffer(string: "250-a\r\n250-b\r\n250-c\r\n250-d\r\n")
        #expect(throws: SMTPReplyParser.Error.tooManyLines) { try parser.next(from: &input) }
    }

    @Test func serverRepliesRoundTrip() throws {
        let replies = [SMTPServerReplies.greeting("mx"), SMTPServerReplies.queued("ABC"), SMTPReply(code: 250, lines: ["mx", "PIPELINING", "AUTH PLAIN LOGIN"])]
        var input = ByteBuffer()
        for reply in replies { reply.write(to: &input) }
        var parser = SMTPReplyParser()
        for reply in replies { #expect(try parser.next(from: &input) == reply) }
    }
}
