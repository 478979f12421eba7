import Foundation
import MailModel
import MailgateTestSupport
import Queue
import SMTPProtocol
import Testing

/// The submission listeners against real clients: swaks and Python's smtplib, over STARTTLS and
/// implicit TLS, checking what reached the queue byte for byte (the Received header aside).
@Suite(.serialized) struct SMTPSubmissionInteropTests {
    static let message = "From: Sender <sender@example.com>\r\nTo: <rcpt@example.net>\r\nSubject: interop\r\nMessage-ID: <1@example.com>\r\n\r\nHello from a real client.\r\n.leading dot line\r\n"

    /// swaks ends the data with CRLF.CRLF itself, so the file it is given has no final line break.
    func swaks(_ server: SMTPTestServer, _ extra: [String], data: String = message) async throws -> ExternalTool.Result {
        precondition(data.hasSuffix("\r\n"))
        let file = try server.directory.write("message.eml", String(decoding: data.utf8.dropLast(2), as: UTF8.self))
        return try await ExternalTool.run("swaks", [
            "--server", "127.0.0.1", "--port", String(server.port), "--ehlo", "client.test",
            "--from", "sender@example.com", "--to", "rcpt@example.net", "--data", "@" + file,
        ] + extra)
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func swaksSTARTTLSAndAuth(mechanism: String) async throws {
        let server = try await SMTPTestServer.start()
        let result = try await swaks(server, ["--tls", "--auth", mechanism, "--auth-user", SMTPTestServer.user, "--auth-password", SMTPTestServer.password])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("250 2.0.0"))
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].body == Self.message)
        #expect(messages[0].envelope.mailFrom == "sender@example.com")
        #expect(messages[0].envelope.rcptTo == ["rcpt@example.net"])
        #expect(messages[0].envelope.authUser == SMTPTestServer.user)
        #expect(messages[0].envelope.tls?.version.hasPrefix("TLSv1.") == true)
        #expect(messages[0].received.contains("with ESMTPSA id"))
        #expect(!messages[0].received.contains("alice"), "smtp.received_auth_user is off by default")
    }

    @Test func swaksImplicitTLSOnSubmissions() async throws {
        let server = try await SMTPTestServer.start(mode: .submissions)
        let result = try await swaks(server, ["--tlsc", "--auth", "PLAIN", "--auth-user", SMTPTestServer.user, "--auth-password", SMTPTestServer.password])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        #expect(messages.count == 1)
        #expect(messages.first?.body == Self.message)
    }

    @Test func swaksPipelining() async throws {
        let server = try await SMTPTestServer.start()
        let result = try await swaks(server, ["--tls", "--pipeline", "--auth", "PLAIN", "--auth-user", SMTPTestServer.user, "--auth-password", SMTPTestServer.password])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(try await server.acceptedMessages().count == 1)
    }

    @Test func swaksTwentyMebibyteMessage() async throws {
        let server = try await SMTPTestServer.start()
        var big = "From: a@example.com\r\nTo: b@example.net\r\nSubject: big\r\n\r\n"
        let line = String(repeating: "0123456789", count: 7) + "\r\n"
        while big.utf8.count < 20 << 20 { big += line }
        let result = try await swaks(server, ["--tls", "--auth", "PLAIN", "--auth-user", SMTPTestServer.user, "--auth-password", SMTPTestServer.password, "--silent", "2"], data: big)
        try await server.stop()
        #expect(result.status == 0, "\(result.output.suffix(2000))")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].body.utf8.count == big.utf8.count)
        #expect(messages[0].body == big)
    }

    @Test func smtplibSendsASMTPUTF8Message() async throws {
        let server = try await SMTPTestServer.start()
        let script = """
        import smtplib, ssl, sys
        from email.message import EmailMessage
        context = ssl.create_default_context(cafile=sys.argv[2])
        context.check_hostname = False
        with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.test") as smtp:
            smtp.starttls(context=context)
            smtp.login("\(SMTPTestServer.user)", "\(SMTPTestServer.password)")
            message = EmailMessage()
            message["From"] = "Jörg <jörg@exämple.com>"
            message["To"] = "zoë@example.org"
            message["Subject"] = "Grüße"
            message.set_content("Hallo Wörld")
            smtp.send_message(message)
        print("sent")
        """
        let result = try await ExternalTool.run("python3", ["-c", script, String(server.port), server.certificatePath])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(messages[0].envelope.mailFrom == "jörg@exämple.com")
        #expect(messages[0].envelope.rcptTo == ["zoë@example.org"])
        #expect(messages[0].body.contains("Subject: Grüße"))
        #expect(messages[0].received.contains("with UTF8SMTPSA id"))
    }

    @Test func curlSendsOverSTARTTLS() async throws {
        let server = try await SMTPTestServer.start()
        let file = try server.directory.write("curl.eml", Self.message)
        let result = try await ExternalTool.run("curl", [
            "-sS", "--url", "smtp://127.0.0.1:\(server.port)", "--ssl-reqd", "--cacert", server.certificatePath,
            "--resolve", "localhost:\(server.port):127.0.0.1", "--login-options", "AUTH=PLAIN",
            "--user", "\(SMTPTestServer.user):\(SMTPTestServer.password)", "--mail-from", "sender@example.com",
            "--mail-rcpt", "rcpt@example.net", "--upload-file", file, "-k",
        ])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        let messages = try await server.acceptedMessages()
        #expect(messages.count == 1)
        #expect(messages.first?.body == Self.message)
    }

    @Test func opensslSClientStartTLS() async throws {
        let server = try await SMTPTestServer.start()
        let result = try await ExternalTool.run("openssl", [
            "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:\(server.port)", "-CAfile", server.certificatePath, "-quiet",
        ], stdin: "EHLO client.test\r\nQUIT\r\n")
        try await server.stop()
        #expect(result.output.contains("250-mx.test") || result.output.contains("250 mx.test"), "\(result.output)")
        #expect(result.output.contains("AUTH PLAIN LOGIN"), "AUTH is offered once TLS is up")
        #expect(result.output.contains("221"))
    }
}
