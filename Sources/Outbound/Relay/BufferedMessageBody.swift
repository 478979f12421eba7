import NIOCore

/// A message body already in memory (a stored body signed at relay time), handed to the transport as the
/// same kind of chunk sequence the store gives.
public struct BufferedMessageBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: ByteBuffer(bytes: bytes))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?

        public mutating func next() async throws -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }
}
