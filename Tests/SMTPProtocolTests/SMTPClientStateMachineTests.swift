import NIOCore
import Testing

@testable import SMTPProtocol

/// Renders client actions as short strings: `"> EHLO relay"` for sent bytes, `"tls"`, `"body"`, ...
private struct ClientScript {
    var machine: SMTPClientStateMachine
    var reports: [SMTPDeliveryReport] = []
    var errors: [SMTPClientError] = []

    init(_ configuration: SMTPClientConfiguration) {
        self.machine = SMTPClientStateMachine(configuration: configuration)
        _ = self.machine.connected()
    }

    mutating func server(_ text: String) -> [String] { self.render(self.machine.receive(ByteBuffer(string: text))) }
    mutating func render(_ actions: [SMTPClientAction]) -> [String] {
        actions.map { action in
            switch action {
            case .send(let bytes): return "> " + String(buffer: bytes).replacingOccurrences(of: "\r\n", with: "|")
            case .startTLS: return "tls"
            case .sendBody: return "body"
            case .ready: return "ready"
            case .transactionCompleted(let report):
                self.reports.append(report)
                return "report:" + report.results.map { "\($0.reply.code)" }.joined(separator: ",")
            case .failed(let error):
                self.errors.append(error)
                return "failed"
            case .close: return "close"
            }
        }
    }
}

private func message(_ recipients: String...) -> SMTPClientMessage {
    SMTPClientMessage(
        mailFrom: .mailbox(SMTPMailbox(localPart: "app", domain: "example.com")), parameters: SMTPMailParameters(size: 100),
        recipients: recipients.map {
            let parts = $0.split(separator: "@")
            return SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: String(parts[0]), domain: String(parts[1]))))
        })
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        self.split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

struct SMTPClientStateMachineTests {
    @Test func startTLSAuthPlainPipelinedTransaction() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .startTLS, username: "u", password: "p"))
        #expect(s.server("220 smarthost ESMTP\r\n") == ["> EHLO relay|"])
        #expect(s.server("250-smarthost\r\n250-STARTTLS\r\n250 PIPELINING\r\n") == ["> STARTTLS|"])
        #expect(s.server("220 2.0.0 go\r\n") == ["tls"])
        #expect(s.render(s.machine.tlsEstablished()) == ["> EHLO relay|"])
        #expect(s.server("250-smarthost\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 AUTH LOGIN PLAIN\r\n") == ["> AUTH PLAIN AHUAcA==|"])
        #expect(s.server("235 2.7.0 ok\r\n") == ["ready"])
        var eightBit = message("a@x.example", "b@x.example", "c@x.example")
        eightBit.parameters.body = .eightBitMIME
        #expect(
            s.render(s.machine.send(eightBit))
                == ["> MAIL FROM:<app@example.com> SIZE=100 BODY=8BITMIME|RCPT TO:<a@x.example>|RCPT TO:<b@x.example>|RCPT TO:<c@x.example>|DATA|"])
        #expect(s.server("250 ok\r\n250 ok\r\n550 5.1.1 unknown\r\n250 ok\r\n354 go\r\n") == ["body"])
        #expect(s.render(s.machine.bodySent()) == [])
        #expect(s.server("250 2.0.0 queued as X\r\n") == ["report:250,550,250", "ready"])
        #expect(s.reports[0].results.map(\.delivered) == [true, false, true])
        #expect(s.render(s.machine.quit()) == ["> QUIT|"])
        #expect(s.server("221 bye\r\n") == ["close"])
    }

    @Test func withoutPipeliningCommandsGoOneByOne() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .implicit, username: "u", password: "p"))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250-hi\r\n250 AUTH LOGIN\r\n") == ["> AUTH LOGIN|"])
        #expect(s.server("334 VXNlcm5hbWU6\r\n") == ["> dQ==|"])
        #expect(s.server("334 UGFzc3dvcmQ6\r\n") == ["> cA==|"])
        #expect(s.server("235 ok\r\n") == ["ready"])
        #expect(s.render(s.machine.send(message("a@x.example", "b@x.example"))) == ["> MAIL FROM:<app@example.com>|"])
        #expect(s.server("250 ok\r\n") == ["> RCPT TO:<a@x.example>|"])
        #expect(s.server("450 4.2.0 later\r\n") == ["> RCPT TO:<b@x.example>|"])
        #expect(s.server("250 ok\r\n") == ["> DATA|"])
        #expect(s.server("354 go\r\n") == ["body"])
        _ = s.machine.bodySent()
        #expect(s.server("250 ok\r\n") == ["report:450,250", "ready"])
        #expect(s.reports[0].results[0].isTransient)
    }

    @Test func mailRefusedStopsTheTransaction() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250 hi\r\n") == ["ready"])
        _ = s.machine.send(message("a@x.example"))
        #expect(s.server("553 5.7.1 sender rejected\r\n") == ["report:553", "> RSET|"])
        #expect(s.machine.isReusable && !s.machine.isReady, "a pool may keep it: RSET is on its way")
        #expect(s.server("250 ok\r\n") == ["ready"])
    }

    @Test func noRecipientAcceptedNeverSendsABody() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250 PIPELINING\r\n")
        _ = s.machine.send(message("a@x.example"))
        #expect(s.server("250 ok\r\n550 no\r\n554 5.5.1 no valid recipients\r\n") == ["report:550", "> RSET|"])
        // A server that answers 354 anyway gets an empty body, and the recipient keeps its refusal.
        _ = s.server("250 ok\r\n")
        _ = s.machine.send(message("a@x.example"))
        #expect(s.server("250 ok\r\n550 no\r\n354 go\r\n") == ["> .|"])
        #expect(s.server("250 ok\r\n") == ["report:550", "ready"])
    }

    @Test func requiredTLSMissingFails() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .startTLS))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250 hi\r\n") == ["failed", "close"])
        #expect(s.errors == [.tlsUnavailable])
        #expect(s.render(s.machine.send(message("a@x.example"))) == ["report:421"], "a late message comes back for retry")
    }

    @Test func strayReplyWhileIdleFailsTheSession() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250 hi\r\n250 surprise\r\n") == ["ready", "failed", "close"])
    }

    @Test func credentialsAreNeverSentInPlaintext() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, username: "u", password: "p"))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250-hi\r\n250 AUTH PLAIN\r\n") == ["failed", "close"])
        #expect(s.errors == [.authenticationUnavailable])
    }

    @Test func authFailureAndBadGreeting() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .implicit, username: "u", password: "p"))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250 AUTH PLAIN\r\n")
        #expect(s.server("535 5.7.8 nope\r\n") == ["failed", "close"])
        #expect(s.errors.first?.isTransient == false)

        var g = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        #expect(g.server("554 go away\r\n") == ["failed", "close"])
        var h = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        #expect(h.server("garbage\r\n") == ["failed", "close"])
    }

    @Test func heloFallbackAndLocalRefusals() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 old\r\n")
        #expect(s.server("502 what\r\n") == ["> HELO relay|"])
        #expect(s.server("250 old\r\n") == ["ready"])
        let utf8 = SMTPClientMessage(mailFrom: .null, recipients: [SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: "ü", domain: "x.example")))])
        #expect(s.render(s.machine.send(utf8)) == ["report:553", "ready"])
        #expect(s.reports.last?.refusal == .smtpUTF8Unsupported)
        var eightBit = message("a@x.example")
        eightBit.parameters.body = .eightBitMIME
        #expect(s.render(s.machine.send(eightBit)) == ["report:554", "ready"], "8-bit to a HELO server")
        #expect(s.reports.last?.refusal == .eightBitMIMEUnsupported)
        #expect(s.render(s.machine.send(message("a@x.example"))) == ["> MAIL FROM:<app@example.com>|"], "no SIZE/BODY without EHLO")
    }

    @Test func sizeAnnouncedTooSmall() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250 SIZE 50\r\n")
        #expect(s.render(s.machine.send(message("a@x.example"))) == ["report:552", "ready"])
        #expect(s.reports.last?.refusal == .sizeExceeded(limit: 50))
        #expect(s.reports.last?.refusal?.isPermanent == true)
    }

    @Test(arguments: [
        // (EHLO keywords, body type, expected first action)
        ("8BITMIME", SMTPBodyType?.some(.eightBitMIME), "> MAIL FROM:<app@example.com> BODY=8BITMIME|"),
        ("8BITMIME", SMTPBodyType?.none, "> MAIL FROM:<app@example.com>|"),
        ("PIPELINING", SMTPBodyType?.some(.eightBitMIME), "report:554"),
        ("PIPELINING", SMTPBodyType?.some(.sevenBit), "> MAIL FROM:<app@example.com>|"),
    ])
    func eightBitMIME(keyword: String, body: SMTPBodyType?, expected: String) {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        #expect(s.server("250-hi\r\n250 \(keyword)\r\n") == ["ready"])
        var m = message("a@x.example")
        m.parameters = SMTPMailParameters(body: body)
        let first = s.render(s.machine.send(m)).first ?? ""
        #expect(first.hasPrefix(expected))
        if expected.hasPrefix("report") {
            #expect(s.reports.last?.refusal == .eightBitMIMEUnsupported)
            #expect(s.reports.last?.refusal?.isPermanent == false, "re-encoding makes it sendable")
        }
    }

    @Test func xoauth2SendsTheBearerTokenAndReadsTheErrorChallenge() {
        let configuration = SMTPClientConfiguration(heloName: "relay", tlsMode: .implicit, username: "app@example.com", oauth2Token: "tok")
        let expected = "> AUTH XOAUTH2 " + SASLBase64.encode(Array("user=app@example.com\u{01}auth=Bearer tok\u{01}\u{01}".utf8)) + "|"
        var s = ClientScript(configuration)
        _ = s.server("220 hi\r\n")
        #expect(s.server("250-hi\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n") == [expected])
        #expect(s.server("235 2.7.0 Accepted\r\n") == ["ready"])

        var refused = ClientScript(configuration)
        _ = refused.server("220 hi\r\n")
        _ = refused.server("250-hi\r\n250 AUTH XOAUTH2\r\n")
        #expect(refused.server("334 eyJzdGF0dXMiOiI0MDEifQ==\r\n") == ["> |"], "an empty line ends the exchange")
        #expect(refused.server("535 5.7.8 Username and Password not accepted\r\n") == ["failed", "close"])
        #expect(refused.errors == [.authenticationFailed(SMTPReply(535, "5.7.8", "Username and Password not accepted"))])

        var unsupported = ClientScript(configuration)
        _ = unsupported.server("220 hi\r\n")
        #expect(unsupported.server("250-hi\r\n250 AUTH PLAIN\r\n") == ["failed", "close"])
        #expect(unsupported.errors == [.authenticationUnavailable], "a token is never downgraded to a password mechanism")
    }

    @Test func dsnParametersPassThroughOnlyWhenOffered() {
        var m = message("a@x.example")
        m.parameters = SMTPMailParameters(ret: .headers, envelopeID: "job-1")
        m.recipients[0].parameters.notify = [.failure, .delay]
        for (keywords, expected) in [
            ("250-hi\r\n250 DSN\r\n", "> MAIL FROM:<app@example.com> RET=HDRS ENVID=job-1|"),
            ("250 hi\r\n", "> MAIL FROM:<app@example.com>|"),
        ] {
            var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
            _ = s.server("220 hi\r\n")
            _ = s.server(keywords)
            #expect(s.render(s.machine.send(m)) == [expected])
            let rcpt = s.server("250 ok\r\n")
            #expect(rcpt.first?.hasPrefix("> RCPT TO:<a@x.example>") == true)
            #expect((rcpt.first?.contains("NOTIFY=FAILURE,DELAY") ?? false) == keywords.contains("DSN"))
        }
    }

    @Test func resetProbesAnIdleSession() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        _ = s.server("250 hi\r\n")
        #expect(s.render(s.machine.reset()) == ["> RSET|"])
        #expect(!s.machine.isReady)
        #expect(s.server("250 2.0.0 ok\r\n") == ["ready"])
        _ = s.machine.reset()
        #expect(s.server("421 4.4.2 idle too long\r\n") == ["failed", "close"])
    }

    @Test func pendingTimeoutFollowsTheStep() {
        let timeouts = SMTPClientTimeouts(
            greeting: .seconds(1), mail: .seconds(2), rcpt: .seconds(3), dataInitiation: .seconds(4), dataBlock: .seconds(5),
            dataTermination: .seconds(6))
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, timeouts: timeouts))
        #expect(s.machine.pendingTimeout == .seconds(1))
        _ = s.server("220 hi\r\n")
        #expect(s.machine.pendingTimeout == .seconds(1))
        _ = s.server("250 hi\r\n")
        #expect(s.machine.pendingTimeout == nil, "idle: the pool's idle timeout applies")
        _ = s.machine.send(message("a@x.example"))
        #expect(s.machine.pendingTimeout == .seconds(2))
        _ = s.server("250 ok\r\n")
        #expect(s.machine.pendingTimeout == .seconds(3))
        _ = s.server("250 ok\r\n")
        #expect(s.machine.pendingTimeout == .seconds(4))
        _ = s.server("354 go\r\n")
        #expect(s.machine.pendingTimeout == .seconds(5))
        _ = s.machine.bodySent()
        #expect(s.machine.pendingTimeout == .seconds(6))
        #expect(s.render(s.machine.timedOut()) == ["failed", "close"])
        #expect(s.errors == [.timeout])
        #expect(s.machine.pendingTimeout == nil)
    }

    @Test func bdatWhenChunkingAndPipeliningAreOffered() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, chunking: true))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250-PIPELINING\r\n250 CHUNKING\r\n")
        #expect(s.render(s.machine.send(message("a@x.example", "b@x.example"))) == ["> MAIL FROM:<app@example.com>|RCPT TO:<a@x.example>|RCPT TO:<b@x.example>|"])
        #expect(s.server("250 ok\r\n250 ok\r\n") == [], "the body waits for every envelope reply")
        #expect(s.server("550 no\r\n") == ["body"])
        #expect(s.machine.bodyUsesChunking)
        #expect(s.render(s.machine.bodyChunk(ByteBuffer(string: ".dot\r\n"))) == ["> BDAT 6|.dot|"], "as given: no dot-stuffing")
        #expect(s.render(s.machine.bodyChunk(ByteBuffer(string: "end\r\n"))) == ["> BDAT 5|end|"])
        #expect(s.server("250 2.0.0 chunk\r\n") == [])
        #expect(s.render(s.machine.bodySent()) == ["> BDAT 0 LAST|"])
        #expect(s.machine.pendingTimeout == SMTPClientTimeouts().dataTermination)
        #expect(s.server("250 2.0.0 chunk\r\n") == [], "the second chunk's reply")
        #expect(s.server("250 2.0.0 queued as B\r\n") == ["report:250,550", "ready"])
        #expect(s.reports.last?.results.first?.reply.lines.first == "queued as B")
    }

    @Test func theLastChunkCarriesLAST() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, chunking: true))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250-PIPELINING\r\n250 CHUNKING\r\n")
        _ = s.machine.send(message("a@x.example"))
        #expect(s.server("250 ok\r\n250 ok\r\n") == ["body"])
        #expect(s.render(s.machine.bodyChunk(ByteBuffer(string: "one\r\n"))) == ["> BDAT 5|one|"])
        #expect(s.render(s.machine.bodyChunk(ByteBuffer(string: "two\r\n"), last: true)) == ["> BDAT 5 LAST|two|"])
        #expect(s.render(s.machine.bodySent()) == [], "already ended")
        #expect(s.server("250 ok\r\n250 2.0.0 queued\r\n") == ["report:250", "ready"])
    }

    @Test func aRefusedChunkFailsTheTransactionAndResets() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, chunking: true))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250-PIPELINING\r\n250 CHUNKING\r\n")
        _ = s.machine.send(message("a@x.example"))
        #expect(s.server("250 ok\r\n250 ok\r\n") == ["body"])
        _ = s.machine.bodyChunk(ByteBuffer(string: "data\r\n"))
        #expect(s.server("452 4.3.1 out of spool\r\n") == [])
        _ = s.machine.bodySent()
        #expect(s.server("503 5.5.1 no transaction\r\n") == ["report:452", "> RSET|"])
        #expect(s.server("250 ok\r\n") == ["ready"])
    }

    @Test(arguments: [
        // (chunking configured, EHLO keywords, the server's replies one batch at a time): DATA unless both
        // CHUNKING and PIPELINING are offered and chunking is on.
        (true, "250-hi\r\n250 CHUNKING\r\n", ["250 ok\r\n", "250 ok\r\n", "354 go\r\n"]),
        (false, "250-hi\r\n250-PIPELINING\r\n250 CHUNKING\r\n", ["250 ok\r\n250 ok\r\n354 go\r\n"]),
        (true, "250-hi\r\n250 PIPELINING\r\n", ["250 ok\r\n250 ok\r\n354 go\r\n"]),
    ])
    func dataOtherwise(chunking: Bool, ehlo: String, replies: [String]) {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none, chunking: chunking))
        _ = s.server("220 hi\r\n")
        _ = s.server(ehlo)
        var sent = s.render(s.machine.send(message("a@x.example")))
        for reply in replies { sent += s.server(reply) }
        #expect(sent.joined().contains("DATA|"))
        #expect(sent.last == "body")
        #expect(!s.machine.bodyUsesChunking)
    }
}
