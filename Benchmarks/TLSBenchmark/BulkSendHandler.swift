import NIOCore
import TLS

/// Client side of bulk runs: after the handshake writes `total` bytes in 64 KiB chunks while the channel is
/// writable; succeeds `done` when the last write has been handed to the kernel.
final class BulkSendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let total: Int
    private let done: EventLoopPromise<Void>
    private let chunk: ByteBuffer
    private var sent = 0
    private var started = false

    init(total: Int, done: EventLoopPromise<Void>) {
        self.total = total
        self.done = done
        self.chunk = ByteBuffer(repeating: 0x5A, count: 65_536)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSHandshakeCompleted {
            self.started = true
            self.sendMore(context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if self.started { self.sendMore(context: context) }
    }

    private func sendMore(context: ChannelHandlerContext) {
        while context.channel.isWritable, self.sent < self.total {
            let length = min(self.chunk.readableBytes, self.total - self.sent)
            self.sent += length
            let last = self.sent == self.total
            let promise: EventLoopPromise<Void>? = last ? self.done : nil
            context.writeAndFlush(self.wrapOutboundOut(self.chunk.getSlice(at: 0, length: length)!), promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.sent < self.total { self.done.fail(error) }
        context.close(promise: nil)
    }
}
