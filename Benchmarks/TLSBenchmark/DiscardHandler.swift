import NIOCore
import TLS

/// Server side of bulk runs: counts plaintext and succeeds `done` once `total` bytes arrived, then closes.
final class DiscardHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let total: Int
    private let done: EventLoopPromise<Void>
    private var received = 0

    init(total: Int, done: EventLoopPromise<Void>) {
        self.total = total
        self.done = done
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.received += self.unwrapInboundIn(data).readableBytes
        if self.received >= self.total {
            self.done.succeed()
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.done.fail(error)
        context.close(promise: nil)
    }
}
