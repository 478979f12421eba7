import NIOCore
import TLS

/// Reports the outcome of one handshake once, then closes the connection.
final class HandshakeClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private var report: ((Bool) -> Void)?

    init(report: @escaping (Bool) -> Void) {
        self.report = report
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSHandshakeCompleted {
            self.finish(ok: true)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.finish(ok: false)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.finish(ok: false)
    }

    private func finish(ok: Bool) {
        if let report = self.report {
            self.report = nil
            report(ok)
        }
    }
}
