import NIOCore

/// A body that is not in the store: a message built at relay time (a delivery status notification) and handed to
/// the same transport as stored ones. One chunk, read only.
struct BufferedBodyStorage: MessageBodyStorage {
    let bytes: ByteBuffer

    func storeSpilledChunk(_ chunk: BodyChunk) async throws {
        throw QueueStoreError.database(store: "buffered body", reason: "read only")
    }

    func commit(_ messages: [NewMessage], idempotency: IdempotencyCompletion?) async throws {
        throw QueueStoreError.database(store: "buffered body", reason: "read only")
    }

    func discardChunks(of id: MessageID) async throws {}

    func readChunk(of id: MessageID, sequence: Int) async throws -> ByteBuffer? {
        sequence == 0 ? bytes : nil
    }
}

extension MessageBody {
    /// `bytes` as a body of message `messageID`, for a message built at relay time rather than stored.
    public init(messageID: MessageID, bytes: [UInt8]) {
        self.init(
            messageID: messageID, size: bytes.count, chunkCount: 1,
            storage: BufferedBodyStorage(bytes: ByteBuffer(bytes: bytes)))
    }
}
