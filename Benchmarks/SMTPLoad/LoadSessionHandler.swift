#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NIOCore
import SMTPProtocol
import TLS

/// One load session: drives `SMTPClientStateMachine` (greeting, EHLO, STARTTLS, AUTH), reports when the
/// session is ready, and on `LoadStart` sends its messages back to back over the one connection (MAIL, RCPT
/// and DATA pipelined when the server offers PIPELINING, no RSET between them), then QUITs. With a schedule
/// (`--rate`) each message waits until it is due instead of following the previous one at once.
///
/// Each message's data starts with `X-Load-Sent`, taken when the data is written: the whole data, final dot
/// included, goes out in that one write, so it is the time of the final dot up to the socket's buffering. A
/// message that started late is stamped that much earlier, as if it had been sent when due.
final class LoadSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPClientStateMachine
    private let message: LoadMessage
    private let tls: (context: TLSContext, serverName: String?)?
    private var remaining: Int
    private let schedule: (first: TimeAmount, every: TimeAmount)?
    private var startedAt = NIODeadline.now()
    private var scheduled = 0
    /// How late the current message started against its schedule (zero without one).
    private var lateness = TimeAmount.zero
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
        self.schedule = plan.schedule
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
            self.startedAt = start.at
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
                let stamp = Self.epochNanoseconds() - self.lateness.nanoseconds
                context.write(self.wrapOutboundOut(LoadMessage.stamp(epochNanoseconds: stamp)), promise: nil)
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

    /// The session is ready: the next message (now, or when it is due), or QUIT when the plan is done.
    private func next(context: ChannelHandlerContext) {
        self.idle = false
        let due = self.schedule.map { self.startedAt + $0.first + $0.every * self.scheduled } ?? NIODeadline.now()
        if self.remaining > 0 && (self.deadline.map { due < $0 } ?? true) {
            let now = NIODeadline.now()
            if due > now {
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(deadline: due) {
                    let (handler, context) = loopBound.value
                    if context.channel.isActive { handler.next(context: context) }
                }
                return
            }
            self.remaining -= 1
            self.scheduled += 1
            // Timed from when it was due, so time spent waiting for this session counts as latency.
            self.sentAt = due
            self.lateness = now - due
            self.outcome.noteLateness(microseconds: self.lateness.nanoseconds / 1000)
            self.run(self.machine.send(self.message.envelope), context: context)
        } else {
            self.remaining = 0
            self.run(self.machine.quit(), context: context)
        }
    }

    private static func epochNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
