/// What one retention pass removed.
public struct PruneResult: Sendable, Hashable {
    public var messages: Int
    public var abandonedChunks: Int

    public init(messages: Int, abandonedChunks: Int) {
        self.messages = messages
        self.abandonedChunks = abandonedChunks
    }
}
