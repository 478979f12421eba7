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
        mailFrom: .mailbox(SMTPMailbox(localPart: "app", domain: "example.com")), parameters: SMTPMailParameters(size: 100, body: .eightBitMIME),
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
        #expect(
            s.render(s.machine.send(message("a@x.example", "b@x.example", "c@x.example")))
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
        #expect(s.render(s.machine.send(message("a@x.example"))) == ["> MAIL FROM:<app@example.com>|"], "no SIZE/BODY without EHLO")
    }

    @Test func sizeAnnouncedTooSmall() {
        var s = ClientScript(SMTPClientConfiguration(heloName: "relay", tlsMode: .none))
        _ = s.server("220 hi\r\n")
        _ = s.server("250-hi\r\n250 SIZE 50\r\n")
        #expect(s.render(s.machine.send(message("a@x.example"))) == ["report:552", "ready"])
    }
}
