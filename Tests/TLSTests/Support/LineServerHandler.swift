import MailModel
import NIOCore
import TLS

/// A tiny SMTP-like server session for interop tests: greets once TLS is up (or at once when `startTLS` is
/// set, offering STARTTLS), answers `250 <LINE>` to each line, `221 bye` and a close to QUIT.
final class LineServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let log: OutcomeLog
    private let startTLSContext: TLSContext?
    private var outcome = ConnectionOutcome()
    private var buffer = ByteBuffer()

    init(log: OutcomeLog, startTLSContext: TLSContext? = nil) {
        self.log = log
        self.startTLSContext = startTLSContext
    }

    func channelActive(context: ChannelHandlerContext) {
        if self.startTLSContext != nil {
            self.send("220 test ESMTP\r\n", context: context)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSHandshakeCompleted {
            self.outcome.session = event.session
            if self.startTLSContext == nil {
                self.send("220 \(event.session.parameters.version)\r\n", context: context)
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = self.unwrapInboundIn(data)
        self.outcome.received += String(buffer: incoming)
        self.buffer.writeBuffer(&incoming)
        while let newline = self.buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - self.buffer.readerIndex + 1
            let line = self.buffer.readString(length: length)!.trimmingSuffix()
            self.handle(line: line, context: context)
        }
    }

    private func handle(line: String, context: ChannelHandlerContext) {
        let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
        switch verb {
        case "QUIT":
            self.send("221 bye\r\n", context: context)
            context.close(promise: nil)
        case "EHLO" where self.startTLSContext != nil:
            self.send("250-test\r\n250 STARTTLS\r\n", context: context)
        case "STARTTLS" where self.startTLSContext != nil:
            // As the SMTP state machine does: bytes behind STARTTLS must never be read as if they came over TLS.
            guard self.buffer.readableBytes == 0 else {
                self.send("554 5.5.0 no pipelining before STARTTLS\r\n", context: context)
                context.close(promise: nil)
                return
            }
            self.send("220 go ahead\r\n", context: context)
            do {
                try STARTTLSUpgrade.addServerHandler(
                    context: self.startTLSContext!, to: context.channel.pipeline.syncOperations)
            } catch {
                context.close(promise: nil)
            }
        default:
            self.send("250 \(line.uppercased())\r\n", context: context)
        }
    }

    private func send(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.outcome.errors.append("\(error)")
        if let error = error as? TLSError { self.outcome.tlsErrors.append(error) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.log.append(self.outcome)
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension LineServerHandler: Sendable {}

extension String {
    fileprivate func trimmingSuffix() -> String {
        var result = self
        while let last = result.last, last.isNewline { result.removeLast() }
        return result
    }
}
