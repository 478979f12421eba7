import NIOCore

/// What a store provides to `MessageWriter` and `MessageBody`.
protocol MessageBodyStorage: Sendable {
    /// Writes a chunk of a message that is not committed yet (bodies larger than one chunk).
    func storeSpilledChunk(_ chunk: BodyChunk) async throws
    /// Durably commits the message row, its last chunk and its jobs (group-committed).
    func commit(_ message: NewMessage) async throws
    func discardChunks(of id: MessageID) async throws
    func readChunk(of id: MessageID, sequence: Int) async throws -> ByteBuffer?
}
