import MailModel
import NIOCore
import Testing

@testable import SMTPProtocol

private let plainUserPass = SASLBase64.encode(Array("\u{0}user\u{0}pass".utf8))

struct SMTPServerSubmissionTests {
    @Test func fullSubmissionSession() {
        var c = ServerConversation(.submission())
        #expect(c.open() == ["220"])
        #expect(c.lastReplies.first?.description == "220 mx.example.com ESMTP Mailgate\r\n")
        #expect(c.send("EHLO client.example\r\n") == ["250"])
        let plaintextEHLO = c.lastReplies[0].lines
        #expect(plaintextEHLO.contains("STARTTLS"))
        #expect(!plaintextEHLO.contains("AUTH PLAIN LOGIN"))
        #expect(c.send("STARTTLS\r\n") == ["220 2.0.0+TLS"])
        #expect(c.tls() == [])
        #expect(c.send("EHLO client.example\r\n") == ["250"])
        #expect(
            c.lastReplies[0].lines == [
                "mx.example.com", "PIPELINING", "SIZE 26214400", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING",
                "BINARYMIME", "DSN", "AUTH PLAIN LOGIN",
            ])
        #expect(c.send("AUTH PLAIN \(plainUserPass)\r\n") == ["verify:PLAIN::user:pass"])
        #expect(c.auth(.success(username: "user")) == ["235 2.7.0"])
        #expect(
            c.send("MAIL FROM:<user@example.com> SIZE=30\r\nRCPT TO:<a@example.org> NOTIFY=FAILURE\r\nRCPT TO:<b@example.org>\r\nDATA\r\n")
                == ["250 2.1.0", "250 2.1.5", "250 2.1.5", "start", "354"])
        #expect(c.send("Subject: x\r\n\r\nhi\r\n.\r\n") == ["append:Subject: x\r\n\r\nhi\r\n", "commit"])
        #expect(c.commit(.queued(id: "Q1")) == ["250 2.0.0"])
        #expect(c.lastReplies[0].description == "250 2.0.0 Ok: queued as Q1\r\n")
        #expect(c.send("QUIT\r\n") == ["close:221 2.0.0"])
        #expect(c.machine.isClosed)

        let envelope = c.envelopes[0]
        #expect(envelope.heloName == "client.example")
        #expect(envelope.authenticatedUser == "user")
        #expect(envelope.tls?.version == "TLSv1.3")
        #expect(envelope.mailFrom == .mailbox(SMTPMailbox(localPart: "user", domain: "example.com")))
        #expect(envelope.mailParameters.size == 30)
        #expect(envelope.recipients.map(\.path.description) == ["<a@example.org>", "<b@example.org>"])
        #expect(envelope.recipients[0].parameters.notify == .failure)
    }

    @Test func plaintextMailAndAuthRequireSTARTTLS() {
        var c = ServerConversation(.submission())
        _ = c.open()
        _ = c.send("EHLO client.example\r\n")
        #expect(c.send("AUTH PLAIN \(plainUserPass)\r\n") == ["530 5.7.0"])
        #expect(c.lastReplies[0].description == "530 5.7.0 Must issue a STARTTLS command first\r\n")
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["530 5.7.0"])
        #expect(c.send("RCPT TO:<a@b.example>\r\n") == ["530 5.7.0"])
        #expect(c.send("DATA\r\n") == ["530 5.7.0"])
        #expect(c.send("VRFY x\r\n") == ["530 5.7.0"])
        #expect(c.send("NOOP\r\n") == ["250 2.0.0"])
    }

    @Test func mailRequiresAuthenticationAfterTLS() {
        var c = ServerConversation(.submission())
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        _ = c.send("STARTTLS\r\n")
        _ = c.tls()
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"], "EHLO is needed again after STARTTLS")
        _ = c.send("EHLO c\r\n")
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["530 5.7.0"])
        #expect(c.lastReplies[0].lines == ["Authentication required"])
    }

    @Test func theSenderPolicyRefusesAddressesTheUserDoesNotOwn() {
        var c = ServerConversation(.submission {
            $0.senderPolicy = { path, user in
                path.mailbox?.domain == "\(user ?? "").example"
                    ? nil : SMTPRefusal(SMTPServerReplies.senderNotOwned(path, user: user), .senderNotOwned)
            }
        })
        c.authenticate()
        #expect(c.send("MAIL FROM:<ceo@bank.example>\r\n") == ["550 5.7.1"])
        #expect(c.lastReplies[0].lines == ["<ceo@bank.example>: Sender address rejected: not owned by user user"])
        #expect(c.send("MAIL FROM:<me@user.example>\r\n") == ["250 2.1.0"])
    }

    @Test func commandsPipelinedBehindAuthWaitForTheResult() {
        var c = ServerConversation(.submission())
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        _ = c.send("STARTTLS\r\n")
        _ = c.tls()
        _ = c.send("EHLO c\r\n")
        #expect(c.send("AUTH PLAIN \(plainUserPass)\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n") == ["verify:PLAIN::user:pass"])
        #expect(c.machine.readTimeout == nil)
        #expect(c.auth(.success(username: "user")) == ["235 2.7.0", "250 2.1.0", "250 2.1.5"])
    }

    @Test func commandsPipelinedBehindCommitWaitForTheResult() {
        var c = ServerConversation(.submission())
        c.authenticate()
        #expect(c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n") == ["250 2.1.0", "250 2.1.5", "start", "354"])
        #expect(c.send("x\r\n.\r\nMAIL FROM:<a@b.example>\r\nQUIT\r\n") == ["append:x\r\n", "commit"])
        #expect(c.commit(.queued(id: "A")) == ["250 2.0.0", "250 2.1.0", "close:221 2.0.0"])
    }

    @Test func failedCommitIs451AndTheSessionContinues() {
        var c = ServerConversation(.submission())
        c.authenticate()
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n")
        #expect(c.commit(.failed(nil)) == ["451 4.3.0"])
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0"])
        _ = c.send("RCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n")
        #expect(c.commit(.failed(SMTPRefusal(SMTPReply(452, "4.3.1", "Insufficient system storage"), .commitFailed))) == ["452 4.3.1"])
    }

    @Test func plaintextPipelinedAfterSTARTTLSIsRefused() {
        var c = ServerConversation(.submission())
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        #expect(c.send("STARTTLS\r\nMAIL FROM:<evil@x.example>\r\n") == ["close:554 5.5.1"])
        #expect(c.machine.isClosed)
        #expect(c.send("NOOP\r\n") == [])
    }

    @Test func plaintextArrivingBeforeTheHandshakeCompletesCloses() {
        var c = ServerConversation(.submission())
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        #expect(c.send("STARTTLS\r\n") == ["220 2.0.0+TLS"])
        #expect(c.send("RSET\r\n") == ["close"])
        #expect(c.tls() == [])
    }

    @Test func startTLSForgetsAuthenticationAndTransaction() {
        var c = ServerConversation(.submission { $0.requireTLS = false })
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        #expect(c.lastReplies[0].lines.contains("AUTH PLAIN LOGIN"), "plaintext AUTH allowed when TLS is not required")
        _ = c.send("AUTH PLAIN \(plainUserPass)\r\n")
        _ = c.auth(.success(username: "user"))
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0"])
        #expect(c.send("STARTTLS\r\n") == ["220 2.0.0+TLS"])
        _ = c.tls()
        _ = c.send("EHLO c\r\n")
        #expect(c.machine.authenticatedUser == nil)
        #expect(c.send("RCPT TO:<x@y.example>\r\n") == ["530 5.7.0"])
        #expect(c.send("STARTTLS\r\n") == ["503 5.5.1"])
    }

    @Test func authLoginWithContinuations() {
        var c = ServerConversation(.submission { $0.tlsAvailable = false; $0.requireTLS = false })
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        #expect(!c.lastReplies[0].lines.contains("STARTTLS"))
        #expect(c.send("AUTH LOGIN\r\n") == ["334"])
        #expect(c.lastReplies[0].description == "334 VXNlcm5hbWU6\r\n")
        #expect(c.send("\(SASLBase64.encode(Array("user".utf8)))\r\n") == ["334"])
        #expect(c.lastReplies[0].description == "334 UGFzc3dvcmQ6\r\n")
        #expect(c.send("\(SASLBase64.encode(Array("pässword".utf8)))\r\n") == ["verify:LOGIN::user:pässword"])
        #expect(c.auth(.success(username: "user")) == ["235 2.7.0"])
        #expect(c.send("AUTH LOGIN\r\n") == ["503 5.5.1"])
    }

    struct AuthCase: CustomTestStringConvertible, Sendable {
        let name: String
        let lines: [String]
        let expected: [[String]]
        var testDescription: String { self.name }
    }

    static let authCases: [AuthCase] = [
        AuthCase(name: "PLAIN without initial response", lines: ["AUTH PLAIN\r\n", plainUserPass + "\r\n"], expected: [["334"], ["verify:PLAIN::user:pass"]]),
        AuthCase(name: "PLAIN with authzid", lines: ["AUTH PLAIN \(SASLBase64.encode(Array("boss\u{0}user\u{0}pass".utf8)))\r\n"], expected: [["verify:PLAIN:boss:user:pass"]]),
        AuthCase(name: "LOGIN with initial username", lines: ["AUTH LOGIN dXNlcg==\r\n", "cGFzcw==\r\n"], expected: [["334"], ["verify:LOGIN::user:pass"]]),
        AuthCase(name: "cancel", lines: ["AUTH PLAIN\r\n", "*\r\n", "NOOP\r\n"], expected: [["334"], ["501 5.7.0"], ["250 2.0.0"]]),
        AuthCase(name: "LOGIN cancel at password", lines: ["AUTH LOGIN\r\n", "dXNlcg==\r\n", "*\r\n"], expected: [["334"], ["334"], ["501 5.7.0"]]),
        AuthCase(name: "bad base64 continuation", lines: ["AUTH PLAIN\r\n", "not base64!\r\n"], expected: [["334"], ["501 5.5.2"]]),
        AuthCase(name: "bad base64 initial", lines: ["AUTH PLAIN AAAA=A==\r\n"], expected: [["501 5.5.2"]]),
        AuthCase(name: "empty PLAIN", lines: ["AUTH PLAIN =\r\n"], expected: [["501 5.5.2"]]),
        AuthCase(name: "malformed PLAIN", lines: ["AUTH PLAIN \(SASLBase64.encode(Array("user\u{0}pass".utf8)))\r\n"], expected: [["501 5.5.2"]]),
        AuthCase(name: "unsupported mechanism", lines: ["AUTH CRAM-MD5\r\n"], expected: [["504 5.5.4"]]),
        AuthCase(name: "over-long SASL line", lines: ["AUTH PLAIN\r\n", String(repeating: "A", count: 12300) + "\r\n", "NOOP\r\n"], expected: [["334"], ["500 5.5.6"], ["250 2.0.0"]]),
        AuthCase(name: "MAIL before AUTH refused, AUTH still possible", lines: ["MAIL FROM:<>\r\n", "AUTH PLAIN\r\n"], expected: [["530 5.7.0"], ["334"]]),
    ]

    @Test(arguments: authCases)
    func authExchanges(_ test: AuthCase) {
        var c = ServerConversation(.submission { $0.tlsAvailable = false; $0.requireTLS = false })
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        for (line, expected) in zip(test.lines, test.expected) {
            #expect(c.send(line) == expected, "\(line.prefix(40))")
        }
    }

    @Test(arguments: [SMTPAuthResult.invalidCredentials, .temporaryFailure, .lockedOut])
    func authFailures(_ result: SMTPAuthResult) {
        var c = ServerConversation(.submission { $0.tlsAvailable = false; $0.requireTLS = false })
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        _ = c.send("AUTH PLAIN \(plainUserPass)\r\n")
        #expect(c.auth(result) == [result == .invalidCredentials ? "535 5.7.8" : "454 4.7.0"])
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["530 5.7.0"])
    }

    @Test func authNeedsEHLO() {
        var c = ServerConversation(.submission { $0.tlsAvailable = false; $0.requireTLS = false })
        _ = c.open()
        #expect(c.send("AUTH PLAIN\r\n") == ["503 5.5.1"])
        _ = c.send("HELO c\r\n")
        #expect(c.send("AUTH PLAIN\r\n") == ["503 5.5.1"])
    }

    @Test func implicitTLSSubmissions() {
        var c = ServerConversation(SMTPServerConfiguration(hostname: "mx.example.com", mode: .submissions))
        #expect(c.open(tls: TLSParameters(version: "TLSv1.3", cipher: "X")) == ["220"])
        _ = c.send("EHLO c\r\n")
        #expect(!c.lastReplies[0].lines.contains("STARTTLS"))
        #expect(c.lastReplies[0].lines.contains("AUTH PLAIN LOGIN"))
        #expect(c.send("STARTTLS\r\n") == ["503 5.5.1"])
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["530 5.7.0"])

        var plaintext = ServerConversation(SMTPServerConfiguration(hostname: "mx.example.com", mode: .submissions))
        #expect(plaintext.open() == ["close"])
    }
}
