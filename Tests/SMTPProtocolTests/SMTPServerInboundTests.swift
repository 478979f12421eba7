import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPServerInboundTests {
    @Test func inboundAcceptsOnlyRoutedRecipients() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        #expect(c.send("EHLO sender.example\r\n") == ["250"])
        #expect(!c.lastReplies[0].lines.contains("AUTH PLAIN LOGIN"))
        #expect(c.lastReplies[0].lines.contains("STARTTLS"))
        #expect(c.send("AUTH PLAIN\r\n") == ["503 5.5.1"])
        #expect(c.send("MAIL FROM:<>\r\n") == ["250 2.1.0"])
        #expect(c.send("RCPT TO:<nobody@elsewhere.example>\r\n") == ["550 5.1.1"])
        #expect(c.lastReplies[0].lines == ["<nobody@elsewhere.example>: Recipient address rejected: User unknown"])
        #expect(c.send("DATA\r\n") == ["554 5.5.1"])
        #expect(c.send("RCPT TO:<help@Support.Example.com>\r\nDATA\r\n") == ["250 2.1.5", "start", "354"])
        #expect(c.envelopes[0].authenticatedUser == nil)
        #expect(c.envelopes[0].mailFrom == .null)
    }

    @Test func inboundWithoutPolicyRefusesEveryone() {
        var c = ServerConversation(.inbound { $0.recipientPolicy = nil })
        _ = c.open()
        _ = c.send("HELO a\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(c.send("RCPT TO:<Postmaster>\r\n") == ["550 5.1.1"])
    }

    @Test func policyMayAnswerTemporarily() {
        var c = ServerConversation(.inbound { $0.recipientPolicy = { _, _ in .reject(SMTPRefusal(SMTPReply(450, "4.2.1", "Try later"), .policy)) } })
        _ = c.open()
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(c.send("RCPT TO:<x@support.example.com>\r\n") == ["450 4.2.1"])
    }

    @Test func sequenceErrors() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"])
        _ = c.send("EHLO a\r\n")
        #expect(c.send("RCPT TO:<x@support.example.com>\r\n") == ["503 5.5.1"])
        #expect(c.send("DATA\r\n") == ["503 5.5.1"])
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0"])
        #expect(c.send("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1"])
        #expect(c.send("RSET\r\n") == ["250 2.0.0"])
        #expect(c.send("RCPT TO:<x@support.example.com>\r\n") == ["503 5.5.1"])
        #expect(c.send("FOO\r\n") == ["500 5.5.2"])
        #expect(c.send("VRFY x\r\n") == ["252 2.0.0"])
        #expect(c.send("HELP\r\n") == ["214 2.0.0"])
    }

    @Test func utf8RecipientNeedsSMTPUTF8() {
        var c = ServerConversation(.inbound { $0.recipientPolicy = { _, _ in .accept } })
        _ = c.open()
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(c.send("RCPT TO:<ü@support.example.com>\r\n") == ["553 5.6.7"])
        _ = c.send("RSET\r\n")
        #expect(c.send("MAIL FROM:<a@b.example> SMTPUTF8\r\nRCPT TO:<ü@support.example.com>\r\n") == ["250 2.1.0", "250 2.1.5"])
        #expect(c.send("MAIL FROM:<ü@b.example>\r\n") == ["553 5.6.7"], "grammar checks come before sequence checks")
    }

    @Test func duplicateRecipientsAreStoredOnce() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(c.send("RCPT TO:<x@support.example.com>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n") == ["250 2.1.5", "250 2.1.5", "start", "354"])
        #expect(c.envelopes[0].recipients.count == 1)
    }

    @Test func smugglingThroughTheSessionYieldsOneMessage() {
        for sequence in ["\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r", "\r\n.\n", "\r\n\u{0}.\r\n", "\r\n.\u{0}\r\n"] {
            var c = ServerConversation(.inbound())
            _ = c.open()
            _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
            let attack = "hi" + sequence + "MAIL FROM:<evil@x.example>\r\nRCPT TO:<y@support.example.com>\r\nDATA\r\nforged\r\n.\r\n"
            let actions = c.send(attack)
            #expect(actions.filter { $0 == "commit" }.count == 1, "\(sequence.debugDescription)")
            #expect(actions.filter { $0 == "start" || $0.hasPrefix("250") }.isEmpty)
            #expect(actions.last == "commit")
            #expect(c.commit(.queued(id: "1")) == ["250 2.0.0"])
            #expect(c.envelopes.count == 1)
        }
    }

    @Test func rejectPolicyRefusesBareLineEndings() {
        var c = ServerConversation(.inbound { $0.bareLineEndingPolicy = .reject })
        _ = c.open()
        #expect(c.send("EHLO a\n") == ["500 5.5.2"])
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
        #expect(c.send("hi\n.\nMAIL FROM:<evil@x.example>\r\n.\r\nNOOP\r\n") == ["abort", "554 5.5.2", "250 2.0.0"])
    }

    @Test func normalisePolicyAcceptsBareLFCommands() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        #expect(c.send("EHLO a\nNOOP\n") == ["250", "250 2.0.0"])
    }

    @Test func dsnParametersReachTheEnvelope() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example> RET=HDRS ENVID=abc+2Bdef BODY=8BITMIME\r\n")
        #expect(c.send("RCPT TO:<x@support.example.com> NOTIFY=DELAY,FAILURE ORCPT=rfc822;x+40support.example.com\r\nDATA\r\n") == ["250 2.1.5", "start", "354"])
        let envelope = c.envelopes[0]
        #expect(envelope.mailParameters == SMTPMailParameters(body: .eightBitMIME, ret: .headers, envelopeID: "abc+def"))
        #expect(envelope.recipients[0].parameters.notify == [.delay, .failure])
        #expect(envelope.recipients[0].parameters.originalRecipient == SMTPOriginalRecipient(addressType: "rfc822", address: "x@support.example.com"))
        #expect(envelope.tls == nil)
    }
}
