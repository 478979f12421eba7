import NIOCore

/// A stored message body, read back one chunk at a time.
public struct MessageBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    public let messageID: MessageID
    public let size: Int
    public let chunkCount: Int
    private let storage: any MessageBodyStorage

    init(messageID: MessageID, size: Int, chunkCount: Int, storage: any MessageBodyStorage) {
        self.messageID = messageID
        self.size = size
        self.chunkCount = chunkCount
        self.storage = storage
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: self)
    }

    /// Reads the whole body into one buffer; refuses bodies above `maximumBytes`.
    public func collect(upTo maximumBytes: Int) async throws -> ByteBuffer {
        guard self.size <= maximumBytes else {
            throw QueueStoreError.database(
                store: "message \(self.messageID)", reason: "body of \(self.size) bytes exceeds \(maximumBytes)")
        }
        var result = ByteBufferAllocator().buffer(capacity: self.size)
        for try await var chunk in self {
            result.writeBuffer(&chunk)
        }
        return result
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private let body: MessageBody
        private var nextSequence = 0

        init(body: MessageBody) {
            self.body = body
        }

        public mutating func next() async throws -> ByteBuffer? {
            guard self.nextSequence < self.body.chunkCount else { return nil }
            guard let chunk = try await self.body.storage.readChunk(of: self.body.messageID, sequence: self.nextSequence)
            else {
                throw QueueStoreError.corrupted(
                    store: "message \(self.body.messageID)",
                    reason: "body chunk \(self.nextSequence) of \(self.body.chunkCount) is missing")
            }
            self.nextSequence += 1
            return chunk
        }
    }
}
