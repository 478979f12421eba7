/// The answer to a cancel request.
public enum OutboundCancellation: Sendable, Hashable {
    case canceled(OutboundMessageReport)
    case notFound
    /// An attempt has started, or every recipient has ended.
    case tooLate(OutboundMessageReport)
}
