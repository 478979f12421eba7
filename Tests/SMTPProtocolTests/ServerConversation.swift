import MailModel
import NIOCore

@testable import SMTPProtocol

/// Drives an ``SMTPServerStateMachine`` and renders its actions as short strings, so conversation tests
/// read like transcripts: `"250 2.1.0"`, `"start"`, `"append:<bytes>"`, `"commit"`, `"close:221 2.0.0"`.
struct ServerConversation {
    var machine: SMTPServerStateMachine
    /// Every `startMessage` envelope, in order.
    var envelopes: [SMTPEnvelope] = []
    var lastReplies: [SMTPReply] = []
    /// The rejections metric's reason of every refusal the last event sent, in order.
    var lastReasons: [SMTPRejectionReason] = []

    init(_ configuration: SMTPServerConfiguration) {
        self.machine = SMTPServerStateMachine(configuration: configuration)
    }

    mutating func open(tls: TLSParameters? = nil) -> [String] { self.render(self.machine.connectionOpened(tls: tls)) }
    mutating func send(_ text: String) -> [String] { self.render(self.machine.receive(ByteBuffer(string: text))) }
    mutating func send(bytes: [UInt8]) -> [String] { self.render(self.machine.receive(ByteBuffer(bytes: bytes))) }
    mutating func tls() -> [String] { self.render(self.machine.tlsEstablished(TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256"))) }
    mutating func auth(_ result: SMTPAuthResult) -> [String] { self.render(self.machine.authenticationCompleted(result)) }
    mutating func commit(_ result: SMTPCommitResult) -> [String] { self.render(self.machine.commitCompleted(result)) }
    mutating func timeout() -> [String] { self.render(self.machine.timedOut()) }
    mutating func dataRateTooLow() -> [String] { self.render(self.machine.dataRateTooLow()) }
    mutating func shutdown() -> [String] { self.render(self.machine.shutdownRequested()) }
    mutating func lifetimeEnded() -> [String] { self.render(self.machine.sessionLifetimeEnded()) }
    mutating func commandLineTooSlow() -> [String] { self.render(self.machine.commandLineTooSlow()) }

    /// EHLO, STARTTLS, EHLO, AUTH PLAIN user/pass, accepted: a submission session ready for MAIL.
    mutating func authenticate() {
        _ = self.open()
        _ = self.send("EHLO client.example\r\n")
        if self.machine.configuration.tlsAvailable && self.machine.configuration.mode == .submission {
            _ = self.send("STARTTLS\r\n")
            _ = self.tls()
            _ = self.send("EHLO client.example\r\n")
        }
        _ = self.send("AUTH PLAIN \(SASLBase64.encode(Array("\u{0}user\u{0}pass".utf8)))\r\n")
        _ = self.auth(.success(username: "user"))
    }

    private mutating func render(_ actions: [SMTPServerAction]) -> [String] {
        self.lastReplies = []
        self.lastReasons = []
        return actions.map { action in
            switch action {
            case .sendReply(let reply):
                self.lastReplies.append(reply)
                return Self.short(reply)
            case .sendRefusal(let refusal):
                self.lastReplies.append(refusal.reply)
                self.lastReasons.append(refusal.reason)
                return Self.short(refusal.reply)
            case .sendReplyAndStartTLS(let reply):
                self.lastReplies.append(reply)
                return Self.short(reply) + "+TLS"
            case .verifyCredentials(let credentials):
                return "verify:\(credentials.mechanism):\(credentials.authorizationIdentity ?? ""):\(credentials.username):\(credentials.password)"
            case .startMessage(let envelope):
                self.envelopes.append(envelope)
                return "start"
            case .appendMessage(let bytes):
                return "append:" + String(buffer: bytes)
            case .commitMessage:
                return "commit"
            case .abortMessage:
                return "abort"
            case .close(let reply, let reason, let abort):
                if let reply { self.lastReplies.append(reply) }
                if let reason { self.lastReasons.append(reason) }
                return "close" + (reply.map { ":" + Self.short($0) } ?? "") + (abort ? "+abort" : "")
            }
        }
    }

    static func short(_ reply: SMTPReply) -> String {
        "\(reply.code)" + (reply.enhancedCode.map { " \($0)" } ?? "")
    }
}

extension SMTPServerConfiguration {
    static func submission(_ change: (inout SMTPServerConfiguration) -> Void = { _ in }) -> SMTPServerConfiguration {
        var configuration = SMTPServerConfiguration(hostname: "mx.example.com", mode: .submission)
        change(&configuration)
        return configuration
    }

    static func inbound(_ change: (inout SMTPServerConfiguration) -> Void = { _ in }) -> SMTPServerConfiguration {
        var configuration = SMTPServerConfiguration(
            hostname: "mx.example.com", mode: .inbound,
            recipientPolicy: { path, _ in
                path.mailbox?.domain.lowercased() == "support.example.com" ? .accept : .unknownRecipient
            })
        change(&configuration)
        return configuration
    }
}
