import NIOCore

/// What a store provides to `MessageWriter` and `MessageBody`.
protocol MessageBodyStorage: Sendable {
    /// Writes a chunk of a message that is not committed yet (bodies larger than one chunk).
    func storeSpilledChunk(_ chunk: BodyChunk) async throws
    /// Durably commits the message rows, their last chunks and their jobs, and completes `idempotency`, in one
    /// transaction (group-committed).
    func commit(_ messages: [NewMessage], idempotency: IdempotencyCompletion?) async throws
    func discardChunks(of id: MessageID) async throws
    func readChunk(of id: MessageID, sequence: Int) async throws -> ByteBuffer?
}
