import NIOCore

/// One stored piece of a message body.
struct BodyChunk: Sendable {
    var messageID: MessageID
    var sequence: Int
    var bytes: ByteBuffer
    var createdAt: Int64
}
