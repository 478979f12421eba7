import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPReplyTests {
    @Test func singleLineWithEnhancedCode() {
        #expect(SMTPReply(250, "2.1.0", "Ok").description == "250 2.1.0 Ok\r\n")
    }

    @Test func multiLineUsesHyphenUntilTheLastLine() {
        let reply = SMTPReply(code: 250, lines: ["mail.example.com", "PIPELINING", "SIZE 100"])
        #expect(reply.description == "250-mail.example.com\r\n250-PIPELINING\r\n250 SIZE 100\r\n")
        let enhanced = SMTPReply(code: 550, enhancedCode: EnhancedStatusCode(5, 7, 1), lines: ["one", "two"])
        #expect(enhanced.description == "550-5.7.1 one\r\n550 5.7.1 two\r\n")
    }

    @Test func emptyTextKeepsTheSpace() {
        #expect(SMTPReply(code: 334, "").description == "334 \r\n")
    }

    @Test func controlCharactersCannotForgeAReply() {
        let reply = SMTPReply(550, "5.1.1", "<a@b>\r\n250 2.0.0 Ok")
        #expect(reply.description == "550 5.1.1 <a@b>  250 2.0.0 Ok\r\n")
    }

    @Test func linesAreCappedAt512Octets() {
        let reply = SMTPReply(550, "5.1.1", String(repeating: "x", count: 2000))
        #expect(reply.description.utf8.count == 512)
        let utf8 = SMTPReply(550, "5.1.1", String(repeating: "é", count: 600))
        #expect(utf8.description.utf8.count <= 512)
    }

    struct EnhancedCase: Sendable { let text: String; let parsed: EnhancedStatusCode? }

    @Test(arguments: [
        EnhancedCase(text: "2.0.0", parsed: EnhancedStatusCode(2, 0, 0)),
        EnhancedCase(text: "5.7.8", parsed: EnhancedStatusCode(5, 7, 8)),
        EnhancedCase(text: "4.123.999", parsed: EnhancedStatusCode(4, 123, 999)),
        EnhancedCase(text: "3.0.0", parsed: nil),
        EnhancedCase(text: "5.1", parsed: nil),
        EnhancedCase(text: "5.1.1000", parsed: nil),
        EnhancedCase(text: "5..1", parsed: nil),
        EnhancedCase(text: "x.y.z", parsed: nil),
    ])
    func enhancedStatusCodeParsing(_ c: EnhancedCase) {
        #expect(EnhancedStatusCode(parsing: c.text) == c.parsed)
    }
}
