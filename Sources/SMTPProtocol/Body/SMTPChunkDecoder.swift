import NIOCore

/// Streams one BDAT chunk (RFC 3030): exactly `size` octets, no dot or line processing, bounded slices out.
public struct SMTPChunkDecoder: Sendable {
    public private(set) var remaining: UInt64
    public let maximumChunkSize: Int
    private let sizeLimit: UInt64
    /// Size of the message before this chunk.
    private var messageSize: UInt64
    public private(set) var failure: SMTPMessageFailure?
    private var failureReported = false
    private var endReported = false

    public init(size: UInt64, messageSizeSoFar: UInt64, maximumMessageSize: UInt64, maximumChunkSize: Int = 65_536) {
        self.remaining = size
        self.messageSize = messageSizeSoFar
        self.sizeLimit = maximumMessageSize
        self.maximumChunkSize = max(maximumChunkSize, 1)
        // Refusing before the bytes arrive still requires reading them: the client sends without waiting.
        if messageSizeSoFar > maximumMessageSize || size > maximumMessageSize - messageSizeSoFar {
            self.failure = .sizeExceeded(limit: maximumMessageSize)
        }
    }

    public var messageSizeAfterChunk: UInt64 { self.messageSize }
    public var isComplete: Bool { self.endReported }

    public mutating func decode(_ input: inout ByteBuffer) -> SMTPBodyEvent {
        if let failure = self.failure, !self.failureReported {
            self.failureReported = true
            return .failed(failure)
        }
        if self.remaining == 0 {
            self.endReported = true
            return .end
        }
        guard input.readableBytes > 0 else { return .needMoreInput }
        if self.failure != nil {
            let skip = Int(min(UInt64(input.readableBytes), self.remaining))
            input.moveReaderIndex(forwardBy: skip)
            self.remaining -= UInt64(skip)
            return self.remaining == 0 ? self.decode(&input) : .needMoreInput
        }
        let take = Int(min(UInt64(min(input.readableBytes, self.maximumChunkSize)), self.remaining))
        let slice = input.readSlice(length: take)!
        self.remaining -= UInt64(take)
        self.messageSize += UInt64(take)
        return .chunk(slice)
    }
}
