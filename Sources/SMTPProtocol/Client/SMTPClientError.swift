/// Why a relay session failed as a whole (recipient-level outcomes are in ``SMTPDeliveryReport``).
public enum SMTPClientError: Error, Hashable, Sendable {
    case unexpectedReply(stage: String, reply: SMTPReply)
    case tlsUnavailable
    case authenticationUnavailable
    case authenticationFailed(SMTPReply)
    case malformedReply(SMTPReplyParser.Error)
    case timeout
    case connectionLost

    /// Whether the messages of this session should be retried later rather than bounced.
    public var isTransient: Bool {
        switch self {
        case .unexpectedReply(_, let reply): return !reply.isPermanentFailure
        case .authenticationFailed(let reply): return !reply.isPermanentFailure
        case .tlsUnavailable, .authenticationUnavailable, .malformedReply, .timeout, .connectionLost: return true
        }
    }
}
