/// The routing table's answer at RCPT time.
public enum RecipientDecision: Sendable, Hashable {
    case accept
    case reject(RouteRejection)
    /// No route takes the recipient: 550 5.1.1 on the MX listener.
    case unknown
}
