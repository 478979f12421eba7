import Queue

/// The answer to record for a claimed idempotency key, committed in the message's own transaction so that a
/// crash between the commit and the answer cannot leave a sent message whose retry would send it again.
/// The answer carries the message ids, which exist only once the submitter has chosen them, hence `render`:
/// over an `OutboundReceipt` for one message, over the items' outcomes for a batch.
public struct OutboundAnswerRecord<Outcome>: Sendable {
    public var scope: String
    public var key: String
    public var status: Int
    public var render: @Sendable (Outcome) throws -> [UInt8]

    public init(scope: String, key: String, status: Int, render: @escaping @Sendable (Outcome) throws -> [UInt8]) {
        self.scope = scope
        self.key = key
        self.status = status
        self.render = render
    }

    /// The completion the store writes with the message(s).
    func completion(for outcome: Outcome) throws -> IdempotencyCompletion {
        IdempotencyCompletion(scope: scope, key: key, status: status, body: try render(outcome))
    }
}
