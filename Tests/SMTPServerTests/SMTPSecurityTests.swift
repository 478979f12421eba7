import Foundation
import MailModel
import MailgateTestSupport
import Queue
import SMTPProtocol
import SMTPServer
import Testing

/// Attacks and abuse against real listeners, over raw sockets where no real client would misbehave.
@Suite(.serialized) struct SMTPSecurityTests {
    static func mx(_ configure: @escaping (inout SMTPServerConfiguration) -> Void = { _ in }) async throws -> SMTPTestServer {
        try await SMTPTestServer.start(mode: .inbound) { configuration in
            configuration.recipientPolicy = { path, _ in
                path.mailbox?.domain == "local.test" ? .accept : .unknownRecipient
            }
            configure(&configuration)
        }
    }

    /// The start of the Python clients below: connected to the port in argv[1], `reply()` reads one reply, the
    /// greeting is read.
    static let pythonClientOpening = #"""
        import select, socket, sys, time
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
        replies = s.makefile("rb")
        def reply():
            while True:
                line = replies.readline()
                if not line or line[3:4] == b" ":
                    return line.decode().rstrip()
        reply()

        """#

    static func openTransaction(_ connection: RawSMTPConnection) async throws {
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        #expect(await connection.command("EHLO attacker.test")?.hasPrefix("250") == true)
        #expect(await connection.command("MAIL FROM:<a@sender.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("RCPT TO:<victim@local.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("DATA")?.hasPrefix("354") == true)
    }

    @Test(arguments: ["\n.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r", "\r\n.\n", "\r\n\0.\r\n", "\r\n.\0\r\n"])
    func smugglingEndsNoMessageEarly(fakeEnd: String) async throws {
        let server = try await Self.mx()
        let connection = try RawSMTPConnection(port: server.port)
        try await Self.openTransaction(connection)
        connection.send("Subject: first\r\n\r\nbody" + fakeEnd + "MAIL FROM:<smuggled@evil.test>\r\nRCPT TO:<victim@local.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n")
        let reply = await connection.readReply() ?? ""
        #expect(reply.hasPrefix("250") || reply.hasPrefix("550") || reply.hasPrefix("554"), "\(reply)")
        _ = await connection.command("QUIT")
        try await Task.sleep(for: .milliseconds(100))
        try await server.stop()
        let messages = try await server.acceptedMessages()
        #expect(messages.count <= 1, "a smuggled second message must never be accepted")
        if reply.hasPrefix("250") {
            #expect(messages.count == 1)
            #expect(messages.first?.body.contains("smuggled@evil.test") == true, "the fake end stays inside the one message")
        }
    }

    @Test func plaintextPipelinedBehindSTARTTLSIsRefused() async throws {
        let server = try await SMTPTestServer.start()
        let connection = try RawSMTPConnection(port: server.port)
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        #expect(await connection.command("EHLO client.test")?.hasPrefix("250") == true)
        connection.send("STARTTLS\r\nMAIL FROM:<injected@evil.test>\r\n")
        let reply = await connection.readReply() ?? ""
        #expect(!reply.hasPrefix("220"), "no TLS with plaintext queued behind the command: \(reply)")
        #expect(await connection.isClosedByServer())
        try await server.stop()
    }

    @Test func authAndMailBeforeTLSAreRefusedOnSubmission() async throws {
        let server = try await SMTPTestServer.start()
        let connection = try RawSMTPConnection(port: server.port)
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        let ehlo = await connection.command("EHLO client.test") ?? ""
        #expect(ehlo.contains("STARTTLS"))
        #expect(!ehlo.contains("AUTH"), "no AUTH offered in plaintext")
        #expect(await connection.command("AUTH PLAIN AGFsaWNlAHNlY3JldA==")?.hasPrefix("530 5.7.0") == true)
        #expect(await connection.command("MAIL FROM:<a@example.com>")?.hasPrefix("530 5.7.0") == true)
        try await server.stop()
    }

    @Test func theMXListenerIsNoOpenRelay() async throws {
        let server = try await Self.mx()
        let connection = try RawSMTPConnection(port: server.port)
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        #expect(await connection.command("EHLO relay.test")?.hasPrefix("250") == true)
        #expect(await connection.command("MAIL FROM:<spammer@relay.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("RCPT TO:<someone@elsewhere.example>")?.hasPrefix("550 5.1.1") == true)
        #expect(await connection.command("AUTH PLAIN AGFsaWNlAHNlY3JldA==")?.hasPrefix("5") == true, "no AUTH on the MX listener")
        try await server.stop()
        #expect(try await server.acceptedMessages().isEmpty)
    }

    @Test func limitsGetTheirReplies() async throws {
        let server = try await Self.mx { $0.maximumMessageSize = 10_000; $0.maximumRecipients = 2 }
        let connection = try RawSMTPConnection(port: server.port)
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        #expect(await connection.command("EHLO client.test")?.contains("SIZE 10000") == true)
        #expect(await connection.command("MAIL FROM:<a@sender.test> SIZE=20000")?.hasPrefix("552 5.3.4") == true)
        #expect(await connection.command("MAIL FROM:<a@sender.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("RCPT TO:<one@local.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("RCPT TO:<two@local.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("RCPT TO:<three@local.test>")?.hasPrefix("452 4.5.3") == true)
        #expect(await connection.command("DATA")?.hasPrefix("354") == true)
        connection.send("Subject: big\r\n\r\n" + String(repeating: String(repeating: "x", count: 98) + "\r\n", count: 200) + ".\r\n")
        #expect(await connection.readReply()?.hasPrefix("552") == true, "exceeded during DATA: 552 after reading to the end")
        #expect(await connection.command(String(repeating: "NOOP ", count: 200))?.hasPrefix("500") == true, "overlong command line")
        try await server.stop()
        #expect(try await server.acceptedMessages().isEmpty)
    }

    /// A real client trickling its message at about 100 octets/s against a 1,000 octets/s minimum: cut
    /// off with 421 once the first window (the grace period) ends, and nothing is queued.
    @Test func aSlowClientIsCutOffByTheMinimumDataRate() async throws {
        let server = try await Self.mx { $0.minimumDataRate = 1000; $0.dataRateWindow = .seconds(1) }
        let script = Self.pythonClientOpening + #"""
            for command in ["EHLO slow.test", "MAIL FROM:<a@sender.test>", "RCPT TO:<b@local.test>", "DATA"]:
                s.sendall(command.encode() + b"\r\n")
                reply()
            started = time.monotonic()
            s.sendall(b"Subject: slow\r\n\r\n")
            while time.monotonic() - started < 10:
                if select.select([s], [], [], 0.1)[0]:
                    print("after %.1fs: %s" % (time.monotonic() - started, reply()))
                    sys.exit(0)
                try:
                    s.sendall(b"x" * 9 + b"\n")
                except OSError:
                    pass
            sys.exit("no reply within 10 s")
            """#
        let result = try await ExternalTool.run("python3", ["-c", script, String(server.port)])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(": 421 4.4.2 mx.test Error: data rate too low (minimum 1000 octets per second)"), "\(result.output)")
        #expect(try await server.acceptedMessages().isEmpty)
    }

    /// A client in the command phase that keeps the connection busy within every read timeout: one octet of
    /// a command every 200 ms (`line`), or a whole NOOP every 200 ms (`noop`). Prints when and what the server
    /// answered with a 421.
    static let tricklingClient = pythonClientOpening + #"""
        started = time.monotonic()
        sent = 0
        while time.monotonic() - started < 10:
            if select.select([s], [], [], 0.2)[0]:
                answer = reply()
                if not answer.startswith("250"):
                    print("after %.1fs: %s" % (time.monotonic() - started, answer))
                    sys.exit(0)
                continue
            chunk = b"NOOP\r\n" if sys.argv[2] == "noop" else (b"EHLO "[sent:sent + 1] or b"a")
            sent += 1
            try:
                s.sendall(chunk)
            except OSError:
                pass
        sys.exit("still open after 10 s")
        """#

    /// Each octet restarts the read timeout (5 s here), so a command sent one octet at a time (`line`) never meets
    /// it: the command line's own deadline does. Whole commands within every timeout, for ever (`noop`): the
    /// session's lifetime ends it. Each limit is set alone, so the other cannot be what ends the session.
    @Test(arguments: [
        ("line", ": 421 4.4.2 mx.test Error: command line sent too slowly"),
        ("noop", ": 421 4.4.2 mx.test Error: session lasted too long, reconnect to go on"),
    ])
    func aClientTricklingInTheCommandPhaseIsCutOff(mode: String, reply: String) async throws {
        let server = try await Self.mx { configuration in
            configuration.commandTimeout = .seconds(5)
            if mode == "line" { configuration.commandLineTimeout = .seconds(1) } else { configuration.maximumSessionDuration = .seconds(1) }
        }
        let result = try await ExternalTool.run("python3", ["-c", Self.tricklingClient, String(server.port), mode])
        try await server.stop()
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(reply), "\(result.output)")
    }

    /// A From: past the captured 64 KiB would go unseen: the policy is told the header was cut, and can refuse.
    @Test func aHeaderLongerThanItsCaptureReachesThePolicyAsTruncated() async throws {
        let server = try await SMTPTestServer.start(mode: .inbound, policy: ScriptedMailPolicy())
        let raw = try RawSMTPConnection(port: server.port)
        #expect(await raw.readReply()?.hasPrefix("220") == true)
        #expect(await raw.command("EHLO raw.test")?.hasPrefix("250") == true)
        for (filler, reply) in [(60_000, "250 2.0.0"), (70_000, "552 5.3.4")] {
            #expect(await raw.command("MAIL FROM:<a@example.org>")?.hasPrefix("250") == true)
            #expect(await raw.command("RCPT TO:<ok@example.com>")?.hasPrefix("250") == true)
            #expect(await raw.command("DATA")?.hasPrefix("354") == true)
            let fields = String(repeating: "X-Filler: \(String(repeating: "f", count: 88))\r\n", count: filler / 100)
            let answer = await raw.command("\(fields)From: deep@example.org\r\n\r\nBody.\r\n.")
            #expect(answer?.hasPrefix(reply) == true, "\(filler): \(answer ?? "no reply")")
        }
        try await server.stop()
    }

    @Test func aSilentClientTimesOut() async throws {
        let server = try await Self.mx { $0.commandTimeout = .milliseconds(500) }
        let connection = try RawSMTPConnection(port: server.port)
        #expect(await connection.readReply()?.hasPrefix("220") == true)
        let reply = await connection.readReply() ?? ""
        #expect(reply.hasPrefix("421"), "\(reply)")
        #expect(await connection.isClosedByServer())
        try await server.stop()
    }

    @Test func repeatedAuthFailuresLockTheClientOut() async throws {
        let server = try await SMTPTestServer.start(throttle: .init(baseDelay: .milliseconds(1), maximumDelay: .milliseconds(10), lockoutThreshold: 3))
        func attempt(_ password: String) async throws -> String {
            try await ExternalTool.run("swaks", [
                "--server", "127.0.0.1", "--port", String(server.port), "--tls", "--quit-after", "AUTH",
                "--auth", "PLAIN", "--auth-user", SMTPTestServer.user, "--auth-password", password,
            ]).output
        }
        for _ in 0..<3 { #expect(try await attempt("wrong").contains("535 5.7.8")) }
        let locked = try await attempt(SMTPTestServer.password)
        #expect(locked.contains("454 4.7.0"), "the right password is refused while locked out: \(locked)")
        try await server.stop()
    }

    @Test func aUserCannotSendAsSomeoneElse() async throws {
        let server = try await SMTPTestServer.start { configuration in
            configuration.senderPolicy = { path, user in
                path.mailbox?.domain == "example.com" ? nil : SMTPRefusal(SMTPServerReplies.senderNotOwned(path, user: user), .senderNotOwned)
            }
        }
        func send(from sender: String) async throws -> ExternalTool.Result {
            try await ExternalTool.run("swaks", [
                "--server", "127.0.0.1", "--port", String(server.port), "--tls", "--auth", "PLAIN",
                "--auth-user", SMTPTestServer.user, "--auth-password", SMTPTestServer.password,
                "--from", sender, "--to", "rcpt@example.net",
            ])
        }
        let spoofed = try await send(from: "ceo@bank.example")
        #expect(spoofed.status != 0)
        #expect(spoofed.output.contains("550 5.7.1"), "\(spoofed.output)")
        let own = try await send(from: "alice@example.com")
        #expect(own.status == 0, "\(own.output)")
        try await server.stop()
        #expect(try await server.acceptedMessages().map(\.envelope.mailFrom) == ["alice@example.com"])
    }
}
