import NIOCore
import SMTPProtocol
import TLS

/// One load session: drives `SMTPClientStateMachine` (greeting, EHLO, STARTTLS, AUTH), reports when the
/// session is ready, and on `LoadStart` sends its messages back to back over the one connection (MAIL, RCPT
/// and DATA pipelined when the server offers PIPELINING, no RSET between them), then QUITs.
final class LoadSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPClientStateMachine
    private let message: LoadMessage
    private let tls: (context: TLSContext, serverName: String?)?
    private var remaining: Int
    private var deadline: NIODeadline?
    private var outcome = SessionOutcome()
    private var started = false
    private var idle = false
    private var sentAt = NIODeadline.now()
    private var connected = false
    private let established: EventLoopPromise<Void>
    private let finished: EventLoopPromise<SessionOutcome>

    /// - Parameters:
    ///   - tls: the client context for STARTTLS or implicit TLS (the `TLSHandler` for implicit TLS is
    ///     added by the caller, ahead of this handler).
    ///   - established: succeeds when the session is ready for mail, fails if it ends before.
    ///   - finished: succeeds when the connection is gone, with everything the session saw.
    init(
        configuration: SMTPClientConfiguration, message: LoadMessage, plan: SessionPlan,
        tls: (context: TLSContext, serverName: String?)?, established: EventLoopPromise<Void>,
        finished: EventLoopPromise<SessionOutcome>
    ) {
        self.machine = SMTPClientStateMachine(configuration: configuration)
        self.message = message
        self.tls = tls
        self.remaining = plan.messages
        self.established = established
        self.finished = finished
    }

    struct SessionEnded: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: Events in

    func channelActive(context: ChannelHandlerContext) {
        if self.machine.configuration.tlsMode != .implicit { self.connect(context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.run(self.machine.receive(self.unwrapInboundIn(data)), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is TLSHandshakeCompleted:
            if self.connected {
                self.run(self.machine.tlsEstablished(), context: context)
            } else {
                self.connect(context: context)
            }
        case let start as LoadStart:
            self.started = true
            self.deadline = start.deadline
            if self.idle { self.next(context: context) }
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.outcome.sessionFailure == nil { self.outcome.sessionFailure = "\(error)" }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.run(self.machine.connectionLost(), context: context)
        if self.remaining > 0 && self.outcome.sessionFailure == nil {
            // Ended with messages still to send: the server or the network cut the session short.
            self.outcome.sessionFailure = "connection closed early"
        }
        self.established.fail(SessionEnded(description: self.outcome.sessionFailure ?? "connection closed"))
        self.finished.succeed(self.outcome)
        context.fireChannelInactive()
    }

    // MARK: Actions out

    private func connect(context: ChannelHandlerContext) {
        self.connected = true
        self.run(self.machine.connected(), context: context)
    }

    private func run(_ actions: [SMTPClientAction], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .send(let bytes):
                context.writeAndFlush(self.wrapOutboundOut(bytes), promise: nil)
            case .startTLS:
                guard let tls = self.tls else {
                    self.outcome.sessionFailure = "STARTTLS without a TLS context"
                    context.close(promise: nil)
                    return
                }
                do {
                    let handler = try TLSHandler(context: tls.context, serverHostname: tls.serverName)
                    try context.pipeline.syncOperations.addHandler(handler, position: .first)
                } catch {
                    self.outcome.sessionFailure = "TLS: \(error)"
                    context.close(promise: nil)
                }
            case .sendBody:
                context.writeAndFlush(self.wrapOutboundOut(self.message.encodedBody), promise: nil)
                self.run(self.machine.bodySent(), context: context)
            case .ready:
                self.established.succeed()
                self.idle = true
                if self.started { self.next(context: context) }
            case .transactionCompleted(let report):
                let microseconds = (NIODeadline.now() - self.sentAt).nanoseconds / 1000
                if let refusal = report.results.first(where: { !$0.delivered }) {
                    self.outcome.refused += 1
                    self.outcome.note(refusal.reply.description)
                } else {
                    self.outcome.delivered += 1
                    self.outcome.latencies.append(UInt32(clamping: microseconds))
                }
            case .failed(let error):
                if self.outcome.sessionFailure == nil { self.outcome.sessionFailure = "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ") }
            case .close:
                context.close(promise: nil)
            }
        }
    }

    /// The session is ready: the next message, or QUIT when the plan is done.
    private func next(context: ChannelHandlerContext) {
        self.idle = false
        if self.remaining > 0 && (self.deadline.map { NIODeadline.now() < $0 } ?? true) {
            self.remaining -= 1
            self.sentAt = NIODeadline.now()
            self.run(self.machine.send(self.message.envelope), context: context)
        } else {
            self.remaining = 0
            self.run(self.machine.quit(), context: context)
        }
    }
}
