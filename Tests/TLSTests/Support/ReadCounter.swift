import NIOCore

/// Counts the `read()` calls that reach the transport.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var reads = 0

    func read(context: ChannelHandlerContext) {
        self.reads += 1
        context.read()
    }
}

@available(*, unavailable)
extension ReadCounter: Sendable {}
