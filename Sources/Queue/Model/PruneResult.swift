/// What one retention pass removed.
public struct PruneResult: Sendable, Hashable {
    public var messages: Int
    public var abandonedChunks: Int
    /// Idempotency keys past their expiry.
    public var idempotencyKeys: Int

    public init(messages: Int, abandonedChunks: Int, idempotencyKeys: Int = 0) {
        self.messages = messages
        self.abandonedChunks = abandonedChunks
        self.idempotencyKeys = idempotencyKeys
    }
}
