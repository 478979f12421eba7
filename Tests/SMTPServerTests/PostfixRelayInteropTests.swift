import Foundation
import MailModel
import MailgateTestSupport
import Queue
import SMTPProtocol
import Testing

/// Postfix with our submission port as its relayhost (SASL over mandatory STARTTLS, our test certificate as
/// its CA): a message handed to Postfix's smtpd must reach our queue unchanged.
///
/// What is excluded from the byte-for-byte comparison, and nothing else: our own `Received:` header (first)
/// and the one `Received:` header Postfix's cleanup prepends for the hop from the test client (second). The
/// message carries every header Postfix would otherwise add for a local client (Date, Message-ID, From, To),
/// so a header Postfix added or rewrote would show up as a difference.
@Suite(.serialized, .enabled(if: PostfixInstance.isUsable, "needs Postfix (Scripts/setup --test) and root"))
struct PostfixRelayInteropTests {
    /// A folded header, a line that needs dot-stuffing, a long line and an empty line inside the body.
    static let message = "Date: Sun, 22 Nov 2026 03:00:00 +0000\r\nFrom: Sender <sender@example.com>\r\nTo: <rcpt@example.net>\r\n"
        + "Subject: relayed through\r\n Postfix\r\nMessage-ID: <postfix-relay@example.com>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n\r\nHello through Postfix.\r\n.leading dot line\r\n..two dots\r\n\r\n"
        + String(repeating: "0123456789", count: 90) + "\r\nlast line\r\n"

    @Test func postfixRelaysThroughSubmissionWithSASLAndTLS() async throws {
        let server = try await SMTPTestServer.start()
        let relayhost = PostfixInstance.Relayhost(
            port: server.port, username: SMTPTestServer.user, password: SMTPTestServer.password, caFile: server.certificatePath)
        let (messages, log) = try await PostfixInstance.with(relayhost: relayhost) { postfix in
            let script = """
            import smtplib, sys
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.test") as smtp:
                smtp.sendmail("sender@example.com", ["rcpt@example.net"], sys.stdin.buffer.read())
            print("sent")
            """
            let sent = try await ExternalTool.run("python3", ["-c", script, String(postfix.smtpdPort)], stdin: Self.message)
            try #require(sent.status == 0, "Postfix's smtpd did not take the message: \(sent.output)\n\(postfix.log())")
            let deadline = ContinuousClock.now + .seconds(60)
            var messages = try await server.acceptedMessages()
            while messages.isEmpty && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                messages = try await server.acceptedMessages()
            }
            // Postfix logs status=sent after our 250 reached it, which can be after we committed.
            while !postfix.log().contains("status=sent") && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            return (messages, postfix.log())
        }
        try await server.stop()

        try #require(messages.count == 1, "expected one relayed message; Postfix's log:\n\(log)")
        let message = messages[0]
        #expect(message.envelope.mailFrom == "sender@example.com")
        #expect(message.envelope.rcptTo == ["rcpt@example.net"])
        #expect(message.envelope.authUser == SMTPTestServer.user)
        #expect(message.envelope.helo == PostfixInstance.hostname)
        #expect(message.envelope.tls?.version.hasPrefix("TLSv1.") == true)
        #expect(message.received.contains("with ESMTPSA id"), "\(message.received)")
        #expect(message.received.contains("(using TLSv1."), "\(message.received)")
        #expect(!message.received.contains(SMTPTestServer.user), "\(message.received)")

        let (postfixReceived, body) = SMTPTestServer.splitReceived(message.body)
        #expect(postfixReceived.contains("by \(PostfixInstance.hostname) (Postfix) with ESMTP id"), "\(postfixReceived)")
        #expect(body == Self.message)
        // Postfix verified our certificate against the CA file it was given, and authenticated.
        #expect(log.contains("Trusted TLS connection established to 127.0.0.1[127.0.0.1]:\(server.port)"), "\(log)")
        #expect(log.contains("status=sent"), "\(log)")
    }
}
