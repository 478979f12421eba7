import NIOCore
import Testing

@testable import SMTPProtocol

private func mailbox(_ local: String, _ domain: String) -> SMTPMailbox { SMTPMailbox(localPart: local, domain: domain) }

struct SMTPCommandParserTests {
    struct Valid: CustomTestStringConvertible, Sendable {
        let line: String
        let command: SMTPCommand
        var testDescription: String { self.line }
    }

    static let valid: [Valid] = [
        Valid(line: "EHLO client.example.org", command: .ehlo("client.example.org")),
        Valid(line: "ehlo [192.0.2.1]", command: .ehlo("[192.0.2.1]")),
        Valid(line: "HELO x ", command: .helo("x")),
        Valid(line: "MAIL FROM:<>", command: .mail(.null, SMTPMailParameters())),
        Valid(line: "mail from:<a@b.example>", command: .mail(.mailbox(mailbox("a", "b.example")), SMTPMailParameters())),
        Valid(line: "MAIL FROM: <a@b.example>", command: .mail(.mailbox(mailbox("a", "b.example")), SMTPMailParameters())),
        Valid(
            line: "MAIL FROM:<a.b+tag@sub.example.com> SIZE=1000 BODY=8BITMIME",
            command: .mail(.mailbox(mailbox("a.b+tag", "sub.example.com")), SMTPMailParameters(size: 1000, body: .eightBitMIME))),
        Valid(
            line: "MAIL FROM:<x@y.z> body=binarymime smtputf8 RET=HDRS ENVID=QQ314159+2Bx AUTH=<>",
            command: .mail(
                .mailbox(mailbox("x", "y.z")),
                SMTPMailParameters(body: .binaryMIME, smtpUTF8: true, ret: .headers, envelopeID: "QQ314159+x", auth: "<>"))),
        Valid(
            line: "MAIL FROM:<x@y.z> BODY=7BIT AUTH=e+2Bf@y.z",
            command: .mail(.mailbox(mailbox("x", "y.z")), SMTPMailParameters(body: .sevenBit, auth: "e+f@y.z"))),
        Valid(line: "MAIL FROM:<\"john doe\"@example.com>", command: .mail(.mailbox(mailbox("\"john doe\"", "example.com")), SMTPMailParameters())),
        Valid(line: "MAIL FROM:<\"a\\\"b\"@example.com>", command: .mail(.mailbox(mailbox("\"a\\\"b\"", "example.com")), SMTPMailParameters())),
        Valid(line: "MAIL FROM:<@relay1.example,@relay2.example:user@example.com>", command: .mail(.mailbox(mailbox("user", "example.com")), SMTPMailParameters())),
        Valid(line: "MAIL FROM:<user@[192.0.2.7]>", command: .mail(.mailbox(mailbox("user", "[192.0.2.7]")), SMTPMailParameters())),
        Valid(line: "MAIL FROM:<user@[IPv6:2001:db8::1]>", command: .mail(.mailbox(mailbox("user", "[IPv6:2001:db8::1]")), SMTPMailParameters())),
        Valid(line: "MAIL FROM:<用户@例子.广告> SMTPUTF8", command: .mail(.mailbox(mailbox("用户", "例子.广告")), SMTPMailParameters(smtpUTF8: true))),
        Valid(line: "RCPT TO:<b@c.example>", command: .rcpt(.mailbox(mailbox("b", "c.example")), SMTPRecipientParameters())),
        Valid(line: "RCPT TO:<Postmaster>", command: .rcpt(.postmaster, SMTPRecipientParameters())),
        Valid(line: "rcpt to:<postmaster>", command: .rcpt(.postmaster, SMTPRecipientParameters())),
        Valid(line: "RCPT TO:<postmaster@example.com>", command: .rcpt(.mailbox(mailbox("postmaster", "example.com")), SMTPRecipientParameters())),
        Valid(
            line: "RCPT TO:<b@c.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+40c.example",
            command: .rcpt(
                .mailbox(mailbox("b", "c.example")),
                SMTPRecipientParameters(notify: [.success, .failure], originalRecipient: SMTPOriginalRecipient(addressType: "rfc822", address: "b@c.example")))),
        Valid(line: "RCPT TO:<b@c.example> NOTIFY=NEVER", command: .rcpt(.mailbox(mailbox("b", "c.example")), SMTPRecipientParameters(notify: .never))),
        Valid(line: "RCPT TO:<ü@c.example>", command: .rcpt(.mailbox(mailbox("ü", "c.example")), SMTPRecipientParameters())),
        Valid(line: "DATA", command: .data),
        Valid(line: "data ", command: .data),
        Valid(line: "BDAT 0 LAST", command: .bdat(size: 0, last: true)),
        Valid(line: "BDAT 1048576", command: .bdat(size: 1_048_576, last: false)),
        Valid(line: "bdat 12 last", command: .bdat(size: 12, last: true)),
        Valid(line: "RSET", command: .rset),
        Valid(line: "NOOP", command: .noop),
        Valid(line: "NOOP anything at all", command: .noop),
        Valid(line: "QUIT", command: .quit),
        Valid(line: "VRFY someone", command: .vrfy("someone")),
        Valid(line: "HELP", command: .help(nil)),
        Valid(line: "HELP MAIL", command: .help("MAIL")),
        Valid(line: "STARTTLS", command: .startTLS),
        Valid(line: "AUTH PLAIN", command: .auth(.plain, initialResponse: nil)),
        Valid(line: "AUTH PLAIN AHVzZXIAcGFzcw==", command: .auth(.plain, initialResponse: "AHVzZXIAcGFzcw==")),
        Valid(line: "AUTH PLAIN =", command: .auth(.plain, initialResponse: "=")),
        Valid(line: "auth login", command: .auth(.login, initialResponse: nil)),
        Valid(line: "AUTH LOGIN dXNlcg==", command: .auth(.login, initialResponse: "dXNlcg==")),
        Valid(line: "AUTH CRAM-MD5", command: .auth(.other("CRAM-MD5"), initialResponse: nil)),
    ]

    @Test(arguments: valid)
    func parsesValidCommand(_ valid: Valid) throws {
        let result = SMTPCommandParser.parse(Array(valid.line.utf8))
        #expect(result == .success(valid.command))
    }

    @Test(arguments: valid)
    func serialisedCommandParsesBack(_ valid: Valid) throws {
        var buffer = ByteBuffer()
        valid.command.write(to: &buffer)
        let text = String(buffer: buffer)
        #expect(text.hasSuffix("\r\n"))
        let line = buffer.getSlice(at: buffer.readerIndex, length: buffer.readableBytes - 2)!
        #expect(SMTPCommandParser.parse(line) == .success(valid.command), "\(text)")
    }

    struct Invalid: CustomTestStringConvertible, Sendable {
        let line: String
        let code: Int
        let enhanced: String
        var testDescription: String { "\(self.line) -> \(self.code) \(self.enhanced)" }
    }

    static let invalid: [Invalid] = [
        Invalid(line: "", code: 500, enhanced: "5.5.2"),
        Invalid(line: "FOO", code: 500, enhanced: "5.5.2"),
        Invalid(line: "MAILFROM:<a@b>", code: 500, enhanced: "5.5.2"),
        Invalid(line: "EHLO", code: 501, enhanced: "5.5.4"),
        Invalid(line: "EHLO two words", code: 501, enhanced: "5.5.4"),
        Invalid(line: "HELO \u{1}", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL TO:<a@b>", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:a@b.example", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@b.example", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a..b@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<.a@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@-example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@example..com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a b@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<\"unterminated@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<" + String(repeating: "a", count: 65) + "@example.com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@" + String(repeating: "a", count: 64) + ".com>", code: 501, enhanced: "5.1.7"),
        Invalid(line: "MAIL FROM:<a@b.example> SIZE=abc", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> SIZE=", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> SIZE=99999999999999999999999", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> BODY=9BIT", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> SMTPUTF8=yes", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> RET=ALL", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> ENVID=a+ZZ", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> SIZE=1 SIZE=2", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example> XFOO=bar", code: 555, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example>SIZE=1", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<ü@b.example>", code: 553, enhanced: "5.6.7"),
        Invalid(line: "RCPT FROM:<a@b>", code: 501, enhanced: "5.5.4"),
        Invalid(line: "RCPT TO:<>", code: 501, enhanced: "5.1.3"),
        Invalid(line: "RCPT TO:b@c.example", code: 501, enhanced: "5.1.3"),
        Invalid(line: "RCPT TO:<postmaster", code: 501, enhanced: "5.1.3"),
        Invalid(line: "RCPT TO:<b@c.example> NOTIFY=NEVER,SUCCESS", code: 501, enhanced: "5.5.4"),
        Invalid(line: "RCPT TO:<b@c.example> NOTIFY=SOMETIMES", code: 501, enhanced: "5.5.4"),
        Invalid(line: "RCPT TO:<b@c.example> ORCPT=rfc822", code: 501, enhanced: "5.5.4"),
        Invalid(line: "RCPT TO:<b@c.example> SIZE=10", code: 555, enhanced: "5.5.4"),
        Invalid(line: "RCPT TO:<b@c.example> ORCPT=rfc822;a ORCPT=rfc822;b", code: 501, enhanced: "5.5.4"),
        Invalid(line: "DATA now", code: 501, enhanced: "5.5.4"),
        Invalid(line: "RSET x", code: 501, enhanced: "5.5.4"),
        Invalid(line: "QUIT now", code: 501, enhanced: "5.5.4"),
        Invalid(line: "STARTTLS x", code: 501, enhanced: "5.5.4"),
        Invalid(line: "VRFY", code: 501, enhanced: "5.5.4"),
        Invalid(line: "BDAT", code: 501, enhanced: "5.5.4"),
        Invalid(line: "BDAT x", code: 501, enhanced: "5.5.4"),
        Invalid(line: "BDAT -1", code: 501, enhanced: "5.5.4"),
        Invalid(line: "BDAT 10 LATER", code: 501, enhanced: "5.5.4"),
        Invalid(line: "BDAT 99999999999999999999999", code: 501, enhanced: "5.5.4"),
        Invalid(line: "AUTH", code: 501, enhanced: "5.5.4"),
        Invalid(line: "AUTH PLAIN not*base64", code: 501, enhanced: "5.5.4"),
        Invalid(line: "MAIL FROM:<a@b.example>\u{0}", code: 501, enhanced: "5.5.4"),
    ]

    @Test(arguments: invalid)
    func refusesInvalidCommand(_ invalid: Invalid) throws {
        let result = SMTPCommandParser.parse(Array(invalid.line.utf8))
        guard case .failure(let error) = result else {
            Issue.record("parsed as \(result)")
            return
        }
        #expect(error.reply.code == invalid.code)
        #expect(error.reply.enhancedCode?.description == invalid.enhanced)
    }

    @Test func invalidUTF8InAddressIsRefused() {
        var line = Array("MAIL FROM:<".utf8) + [0xC3, 0x28] + Array("@b.example> SMTPUTF8".utf8)
        #expect(SMTPCommandParser.parse(line) == .failure(.invalidSender))
        line = Array("EHLO ".utf8) + [0xFF]
        #expect(SMTPCommandParser.parse(line) == .failure(.syntax(usage: "EHLO hostname")))
    }

    @Test func unparseableBDATClosesTheConnection() {
        #expect(SMTPCommandError.invalidChunkSize.closesConnection)
        #expect(!SMTPCommandError.unrecognizedCommand.closesConnection)
    }

    @Test func pathOfExactly256OctetsIsAccepted() {
        let local = String(repeating: "l", count: 64)
        let labels = [String](repeating: String(repeating: "d", count: 61), count: 3).joined(separator: ".")
        let domain = labels + "." + String(repeating: "e", count: 256 - 2 - 64 - 1 - labels.utf8.count - 1)
        let path = "<\(local)@\(domain)>"
        #expect(path.utf8.count == 256)
        #expect(SMTPCommandParser.parse(Array("RCPT TO:\(path)".utf8)) == .success(.rcpt(.mailbox(mailbox(local, domain)), SMTPRecipientParameters())))
        #expect(SMTPCommandParser.parse(Array("RCPT TO:<\(local)@\(domain)e>".utf8)) == .failure(.invalidRecipient))
    }
}
