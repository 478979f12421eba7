import SMTPProtocol

/// How one transaction on one connection ended.
public enum SMTPTransactionOutcome: Sendable {
    /// Per-recipient replies (also a local refusal from the server's EHLO, see `SMTPDeliveryReport.refusal`).
    case completed(SMTPDeliveryReport)
    /// The session failed. `bodyStarted`: the server had answered DATA with 354 and the body was being (or
    /// had been) read, so it cannot be sent again from the same sequence, and if the final dot went out the
    /// server may hold the message (a retry may then duplicate it, which RFC 5321 6.1 prefers to losing it).
    case failed(SMTPConnectionError, bodyStarted: Bool)
}
