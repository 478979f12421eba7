import NIOCore
import TLS

/// Sits after the TLS handler and records what the application would see. Errors are consumed so that
/// `EmbeddedChannel` does not rethrow them from the next `writeInbound`.
final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    var received = ByteBuffer()
    var handshakes: [TLSHandshakeCompleted] = []
    var errors: [any Error] = []
    var tlsErrors: [TLSError] { self.errors.compactMap { $0 as? TLSError } }
    var becameInactive = false
    var readCompletes = 0
    /// Order of observable events, to check that the handshake event precedes data.
    var log: [String] = []

    var receivedString: String { String(buffer: self.received) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = self.unwrapInboundIn(data)
        self.log.append("read")
        self.received.writeBuffer(&buffer)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.readCompletes += 1
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSHandshakeCompleted {
            self.log.append("handshake")
            self.handshakes.append(event)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.log.append("error")
        self.errors.append(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.log.append("inactive")
        self.becameInactive = true
    }
}

@available(*, unavailable)
extension RecordingHandler: Sendable {}
