import Testing

@testable import SMTPProtocol

/// Every refusal the state machine sends carries the reason its metric counts, chosen where the refusal
/// is decided; nothing is read back from the reply's text.
struct SMTPRejectionReasonTests {
    typealias Replies = SMTPServerReplies

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var configuration: SMTPServerConfiguration
        /// Sent after the greeting; the reason of the last command's refusal is checked.
        var lines: [String]
        var reply: String
        var reason: SMTPRejectionReason
        var testDescription: String { name }
    }

    static let acceptAll = SMTPServerConfiguration.inbound { $0.recipientPolicy = { _, _ in .accept } }
    static let plainSubmission = SMTPServerConfiguration.submission { $0.tlsAvailable = false; $0.requireTLS = false }

    static let cases: [Case] = [
        Case(name: "unknown recipient", configuration: .inbound(), lines: ["EHLO c", "MAIL FROM:<a@b.example>", "RCPT TO:<x@other.example>"], reply: "550 5.1.1", reason: .unknownRecipient),
        Case(name: "too many recipients", configuration: .inbound { $0.maximumRecipients = 1; $0.recipientPolicy = { _, _ in .accept } }, lines: ["EHLO c", "MAIL FROM:<a@b.example>", "RCPT TO:<x@y.example>", "RCPT TO:<z@y.example>"], reply: "452 4.5.3", reason: .tooManyRecipients),
        Case(name: "declared size", configuration: acceptAll, lines: ["EHLO c", "MAIL FROM:<a@b.example> SIZE=999999999999"], reply: "552 5.3.4", reason: .messageTooLarge),
        Case(name: "command line too long", configuration: acceptAll, lines: ["EHLO " + String(repeating: "c", count: 600)], reply: "500 5.5.2", reason: .lineTooLong),
        Case(name: "bare LF in a command", configuration: .inbound { $0.bareLineEndingPolicy = .reject }, lines: ["EHLO c\n"], reply: "500 5.5.2", reason: .bareLineEnding),
        Case(name: "TLS required", configuration: .submission(), lines: ["EHLO c", "MAIL FROM:<a@b.example>"], reply: "530 5.7.0", reason: .tlsRequired),
        Case(name: "AUTH required", configuration: plainSubmission, lines: ["EHLO c", "MAIL FROM:<a@b.example>"], reply: "530 5.7.0", reason: .authRequired),
        Case(name: "out of sequence", configuration: acceptAll, lines: ["EHLO c", "RCPT TO:<x@y.example>"], reply: "503 5.5.1", reason: .protocolError),
        Case(name: "unknown command", configuration: acceptAll, lines: ["FROB"], reply: "500 5.5.2", reason: .protocolError),
        Case(name: "AUTH on MX", configuration: acceptAll, lines: ["EHLO c", "AUTH PLAIN"], reply: "503 5.5.1", reason: .protocolError),
        Case(name: "recipient policy's own reason", configuration: .inbound { $0.recipientPolicy = { _, _ in .reject(SMTPRefusal(SMTPReply(550, "5.7.1", "No"), .routeRejected)) } }, lines: ["EHLO c", "MAIL FROM:<a@b.example>", "RCPT TO:<x@y.example>"], reply: "550 5.7.1", reason: .routeRejected),
        Case(name: "sender policy's own reason", configuration: .inbound { $0.senderPolicy = { _, _ in SMTPRefusal(SMTPReply(550, "5.7.1", "No"), .senderNotOwned) } }, lines: ["EHLO c", "MAIL FROM:<a@b.example>"], reply: "550 5.7.1", reason: .senderNotOwned),
        Case(name: "pipelined after STARTTLS", configuration: .submission(), lines: ["EHLO c", "STARTTLS\r\nEHLO c"], reply: "554 5.5.1", reason: .pipelinedAfterSTARTTLS),
        Case(name: "too many errors", configuration: .inbound { $0.maximumErrors = 2 }, lines: ["FROB", "FROB"], reply: "421 4.7.0", reason: .tooManyErrors),
        Case(name: "too many commands", configuration: .inbound { $0.maximumCommandsWithoutMail = 2 }, lines: ["NOOP", "NOOP", "NOOP"], reply: "421 4.7.0", reason: .tooManyCommands),
    ]

    @Test(arguments: cases)
    func refusalsCarryTheirReason(_ test: Case) {
        var conversation = ServerConversation(test.configuration)
        _ = conversation.open()
        var last: [String] = []
        for line in test.lines { last = conversation.send(line.hasSuffix("\n") ? line : line + "\r\n") }
        let index = last.lastIndex { $0.hasSuffix(test.reply) } ?? -1
        #expect(index >= 0, "\(last)")
        #expect(conversation.lastReasons.last == test.reason, "\(conversation.lastReasons)")
    }

    @Test func messageAndSessionEndingsCarryTheirReason() {
        var data = ServerConversation(.inbound { $0.recipientPolicy = { _, _ in .accept }; $0.maximumMessageSize = 10 })
        _ = data.open()
        _ = data.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(data.send("more than ten octets\r\n.\r\n").last == "552 5.3.4")
        #expect(data.lastReasons == [.messageTooLarge])

        var commit = ServerConversation(.inbound { $0.recipientPolicy = { _, _ in .accept } })
        _ = commit.open()
        _ = commit.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\n")
        #expect(commit.send("Hi\r\n.\r\n").last == "commit")
        #expect(commit.commit(.failed(nil)) == ["451 4.3.0"])
        #expect(commit.lastReasons == [.commitFailed])
        _ = commit.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nHi\r\n.\r\n")
        _ = commit.commit(.failed(SMTPRefusal(SMTPReply(550, "5.7.1", "Message refused: no"), .webhookRefused)))
        #expect(commit.lastReasons == [.webhookRefused])

        var idle = ServerConversation(.inbound())
        _ = idle.open()
        #expect(idle.timeout() == ["close:421 4.4.2"])
        #expect(idle.lastReasons == [.timeout])

        var slow = ServerConversation(.inbound())
        _ = slow.open()
        #expect(slow.dataRateTooLow() == ["close:421 4.4.2"])
        #expect(slow.lastReasons == [.dataRate])
    }

    @Test func positiveRepliesCarryNoReason() {
        var conversation = ServerConversation(.inbound { $0.recipientPolicy = { _, _ in .accept } })
        _ = conversation.open()
        _ = conversation.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nNOOP\r\n")
        #expect(conversation.lastReasons.isEmpty)
        _ = conversation.send("QUIT\r\n")
        #expect(conversation.lastReasons.isEmpty)
    }
}
