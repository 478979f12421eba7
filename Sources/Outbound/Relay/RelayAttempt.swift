import SMTPProtocol

/// What one relay attempt came to, as the transport reports it; `RelayDecision` turns it into a job outcome.
public enum RelayAttempt: Sendable, Hashable {
    /// A transaction ran on `upstream` (`host:port`): one reply per recipient.
    case replies([RecipientReply], upstream: String)
    /// No recipient was decided: no upstream reachable, TLS refused, a 4xx greeting, the connection lost
    /// before the end of the data, or (permanent) a message the upstream can never take (over its SIZE, an
    /// SMTPUTF8 address to an upstream without it).
    case sessionFailed(reason: String, permanent: Bool, reply: SMTPReply?, upstream: String?)
    /// A development instance kept the message instead of relaying it.
    case captured
}
