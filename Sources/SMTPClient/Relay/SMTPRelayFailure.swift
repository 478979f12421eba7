import SMTPProtocol

/// Why a message was not handed to any upstream, and whether trying again later can help.
public struct SMTPRelayFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Every upstream failed or is backing off (each one's reason is in `attempts`).
        case noUpstreamAvailable
        /// The upstream's EHLO rules the message out (SIZE, SMTPUTF8, 8BITMIME); nothing was sent.
        case refused(SMTPClientMessageRefusal)
        /// The session failed once the transaction had started (a dropped connection or a timeout during
        /// DATA): the message must not be counted as relayed, and is not sent elsewhere in this attempt.
        case transactionFailed(SMTPConnectionError)
        /// The relay client is shutting down.
        case shutDown
        /// No upstream is configured.
        case noUpstreams
    }

    public var reason: Reason
    /// True when retrying the same message can never succeed (over SIZE, SMTPUTF8 needed): bounce it.
    public var isPermanent: Bool
    /// The upstream concerned (`host:port`) for `refused` and `transactionFailed`.
    public var upstream: String?
    /// Every upstream passed over, in order.
    public var attempts: [SMTPRelayAttempt]

    public init(reason: Reason, isPermanent: Bool, upstream: String? = nil, attempts: [SMTPRelayAttempt] = []) {
        self.reason = reason
        self.isPermanent = isPermanent
        self.upstream = upstream
        self.attempts = attempts
    }

    /// A reply to record for each recipient (`code`, `enhanced`, `text` of the delivery event).
    public var reply: SMTPReply {
        switch self.reason {
        case .refused(let refusal): return refusal.reply
        case .noUpstreamAvailable: return SMTPReply(451, "4.4.1", "No upstream available: \(self.attemptsText)")
        case .transactionFailed(let error): return SMTPReply(451, "4.4.2", "Upstream \(self.upstream ?? "?") failed during the transaction: \(error)")
        case .shutDown: return SMTPReply(451, "4.3.2", "Relay client shutting down")
        case .noUpstreams: return SMTPReply(451, "4.3.5", "No upstream configured")
        }
    }

    public var description: String { self.reply.description }

    private var attemptsText: String {
        self.attempts.map { attempt in
            switch attempt.outcome {
            case .circuitOpen: return "\(attempt.upstream) backing off"
            case .failed(let error): return "\(attempt.upstream) \(error)"
            case .serviceUnavailable: return "\(attempt.upstream) 421"
            }
        }.joined(separator: "; ")
    }
}
