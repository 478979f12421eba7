import SMTPProtocol

/// What the handler reports to the connection awaiting it.
enum SMTPClientEvent: Sendable {
    /// The session is established (or RSET answered) and idle.
    case ready
    /// DATA got 354: the body is wanted.
    case sendBody
    case completed(SMTPDeliveryReport)
    case failed(SMTPConnectionError)
}
