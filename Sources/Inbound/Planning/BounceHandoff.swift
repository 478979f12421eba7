import Queue

/// How the planner hands a delivery status report received on the MX listener to the outbound side without
/// knowing how bounces are correlated: the gateway supplies the function (`Outbound.BounceCorrelator`), called
/// with the committed report's id.
public struct BounceHandoff: Sendable {
    public var take: @Sendable (_ report: MessageID) async -> Void

    public init(take: @escaping @Sendable (_ report: MessageID) async -> Void) {
        self.take = take
    }
}
