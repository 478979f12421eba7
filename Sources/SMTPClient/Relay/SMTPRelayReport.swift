import SMTPProtocol

/// Per-recipient replies from the upstream that ran the transaction (2xx relayed, 4xx retry, 5xx bounce),
/// in envelope order.
public struct SMTPRelayReport: Sendable, Hashable {
    /// `host:port` of the upstream, for the delivery events.
    public var upstream: String
    public var results: [SMTPRecipientResult]
    /// Upstreams tried before this one and why they were passed over, in order.
    public var skipped: [SMTPRelayAttempt]

    public init(upstream: String, results: [SMTPRecipientResult], skipped: [SMTPRelayAttempt] = []) {
        self.upstream = upstream
        self.results = results
        self.skipped = skipped
    }
}
