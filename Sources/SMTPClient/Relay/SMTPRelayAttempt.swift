/// One upstream passed over during a relay.
public struct SMTPRelayAttempt: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Its circuit is open after recent failures: not tried.
        case circuitOpen
        /// It could not be used: connect, TLS, greeting (421, 4xx), EHLO, AUTH.
        case failed(SMTPConnectionError)
        /// It answered 421 to the transaction before any body was sent.
        case serviceUnavailable
    }

    public var upstream: String
    public var outcome: Outcome

    public init(upstream: String, outcome: Outcome) {
        self.upstream = upstream
        self.outcome = outcome
    }
}
