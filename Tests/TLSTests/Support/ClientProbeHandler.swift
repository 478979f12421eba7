import NIOCore
import TLS

/// Client side of interop tests: sends `lines` once TLS is up, records everything, closes (with
/// close_notify) when `expected` has been received, and reports the outcome when the channel goes away.
final class ClientProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let lines: [String]
    private let expected: String
    private let done: EventLoopPromise<ConnectionOutcome>
    private var outcome = ConnectionOutcome()
    private var closing = false

    init(lines: [String], expected: String, done: EventLoopPromise<ConnectionOutcome>) {
        self.lines = lines
        self.expected = expected
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSHandshakeCompleted {
            self.outcome.session = event.session
            for line in self.lines {
                context.write(self.wrapOutboundOut(ByteBuffer(string: line)), promise: nil)
            }
            context.flush()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.outcome.received += String(buffer: self.unwrapInboundIn(data))
        if !self.closing, self.outcome.received.contains(self.expected) {
            self.closing = true
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.outcome.errors.append("\(error)")
        if let error = error as? TLSError { self.outcome.tlsErrors.append(error) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.done.succeed(self.outcome)
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension ClientProbeHandler: Sendable {}
