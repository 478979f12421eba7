/// The answer to record for a claimed idempotency key, committed in the message's own transaction so that a
/// crash between the commit and the answer cannot leave a sent message whose retry would send it again.
/// The answer carries the message id, which exists only once the submitter has chosen it, hence `render`.
public struct OutboundAnswerRecord: Sendable {
    public var scope: String
    public var key: String
    public var status: Int
    public var render: @Sendable (OutboundReceipt) throws -> [UInt8]

    public init(scope: String, key: String, status: Int, render: @escaping @Sendable (OutboundReceipt) throws -> [UInt8]) {
        self.scope = scope
        self.key = key
        self.status = status
        self.render = render
    }
}
