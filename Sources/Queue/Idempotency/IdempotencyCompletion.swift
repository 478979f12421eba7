/// The response recorded for a claimed idempotency key, written by `MessageWriter.commit` in the same
/// transaction as the message so that a crash cannot leave the key claimed for a request that succeeded.
public struct IdempotencyCompletion: Sendable, Hashable {
    public var scope: String
    public var key: String
    public var status: Int
    public var body: [UInt8]

    public init(scope: String, key: String, status: Int, body: [UInt8]) {
        self.scope = scope
        self.key = key
        self.status = status
        self.body = body
    }
}
