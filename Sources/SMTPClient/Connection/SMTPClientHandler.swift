import Logging
import MailModel
import NIOCore
import SMTPProtocol
import TLS

/// Runs one outbound SMTP session: feeds replies and events to `SMTPClientStateMachine` and carries out the
/// actions it returns. It decides nothing about SMTP; it only writes, starts TLS, streams the body, arms the
/// timeout the machine asks for, and hands the outcome to the one request waiting (`SMTPClientConnection`).
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Which events the waiting request cares about; others (the `.ready` after a report) are not news.
    private enum Want {
        case ready
        case transaction
    }

    private var machine: SMTPClientStateMachine
    private let tlsContext: TLSContext?
    private let serverHostname: String
    private var logger: Logger
    private var context: ChannelHandlerContext?
    private var waiter: (want: Want, promise: EventLoopPromise<SMTPClientEvent>)?
    private var failure: SMTPConnectionError?
    /// A TLS failure seen in `errorCaught`; it explains the connection loss that follows.
    private var tlsFailure: TLSError?
    private var timer: Scheduled<Void>?
    private var encoder = SMTPDataEncoder()
    /// BDAT carries the body as given, but bare CR or LF still become CRLF (no smuggling to the next hop).
    private var bdatEncoder = SMTPDataEncoder(dotStuffing: false)
    private(set) var tlsSession: TLSSessionInfo?

    init(configuration: SMTPClientConfiguration, tlsContext: TLSContext?, serverHostname: String, logger: Logger) {
        self.machine = SMTPClientStateMachine(configuration: configuration)
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.logger = logger
    }

    var isUsable: Bool { self.failure == nil && self.machine.isReusable && self.context?.channel.isActive == true }
    var capabilities: SMTPServerCapabilities { self.machine.capabilities }
    var greeting: SMTPReply? { self.machine.greeting }

    // MARK: Requests (on the event loop)

    func awaitReady(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPClientEvent> {
        if let failure { return eventLoop.makeSucceededFuture(.failed(failure)) }
        if self.machine.isReady { return eventLoop.makeSucceededFuture(.ready) }
        return self.wait(.ready, on: eventLoop)
    }

    func reset(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPClientEvent> {
        if let failure { return eventLoop.makeSucceededFuture(.failed(failure)) }
        let future = self.wait(.ready, on: eventLoop)
        self.run(self.machine.reset())
        return future
    }

    /// Starts a transaction; the future gives `.sendBody`, `.completed` (refused locally or by the server
    /// before any body) or `.failed`.
    func send(_ message: SMTPClientMessage, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPClientEvent> {
        if let failure { return eventLoop.makeSucceededFuture(.failed(failure)) }
        let future = self.wait(.transaction, on: eventLoop)
        self.encoder = SMTPDataEncoder()
        self.bdatEncoder = SMTPDataEncoder(dotStuffing: false)
        self.run(self.machine.send(message))
        return future
    }

    /// Writes one body chunk (DATA: dot-stuffed, line endings made CRLF; BDAT: as given, framed); completes
    /// when the kernel took it, which is the back-pressure the body reader follows.
    func writeBody(_ chunk: ByteBuffer, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, self.failure == nil else { return eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        var output = ByteBuffer()
        if self.machine.bodyUsesChunking {
            var normalized = ByteBuffer()
            self.bdatEncoder.encode(chunk, into: &normalized)
            output = self.framed(normalized)
        } else {
            self.encoder.encode(chunk, into: &output)
        }
        let written = context.writeAndFlush(self.wrapOutboundOut(output))
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        // Each block the server takes restarts the data block timeout (RFC 5321 4.5.3.2.5).
        written.whenSuccess { loopBound.value.armTimer() }
        return written
    }

    /// Writes the body's last chunk (if any) and ends the body: the final dot, or `BDAT n LAST`. The future
    /// gives `.completed` or `.failed`.
    func finishBody(lastChunk: ByteBuffer?, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPClientEvent> {
        if let failure { return eventLoop.makeSucceededFuture(.failed(failure)) }
        guard let context else { return eventLoop.makeSucceededFuture(.failed(.session(.connectionLost))) }
        let future = self.wait(.transaction, on: eventLoop)
        if self.machine.bodyUsesChunking {
            var normalized = ByteBuffer()
            if let lastChunk { self.bdatEncoder.encode(lastChunk, into: &normalized) }
            self.bdatEncoder.endLine(into: &normalized)
            self.run(self.machine.bodyChunk(normalized, last: true))
        } else {
            var output = ByteBuffer()
            if let lastChunk { self.encoder.encode(lastChunk, into: &output) }
            self.encoder.finish(into: &output)
            context.write(self.wrapOutboundOut(output), promise: nil)
            self.run(self.machine.bodySent())
            context.flush()
        }
        return future
    }

    /// The BDAT framing of `bytes`, from the state machine (empty when there is nothing to frame).
    private func framed(_ bytes: ByteBuffer) -> ByteBuffer {
        var output = ByteBuffer()
        for case .send(var framed) in self.machine.bodyChunk(bytes) { output.writeBuffer(&framed) }
        return output
    }

    /// Abandons the session without the final dot (the body could not be read): closing is the only way
    /// to make sure the server never takes a truncated message.
    func abort(_ error: SMTPConnectionError) {
        if self.failure == nil { self.failure = error }
        self.cancelTimer()
        self.context?.close(promise: nil)
    }

    func quit(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard let context, context.channel.isActive else { return eventLoop.makeSucceededVoidFuture() }
        self.run(self.machine.quit())
        return context.channel.closeFuture
    }

    private func wait(_ want: Want, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPClientEvent> {
        let promise = eventLoop.makePromise(of: SMTPClientEvent.self)
        // One request at a time is the connection's contract; a leftover waiter would be a bug upstream.
        self.waiter?.promise.succeed(.failed(.session(.connectionLost)))
        self.waiter = (want, promise)
        return promise.futureResult
    }

    private func report(_ event: SMTPClientEvent) {
        guard let waiter else { return }
        switch (waiter.want, event) {
        case (_, .failed), (.ready, .ready), (.transaction, .sendBody), (.transaction, .completed):
            self.waiter = nil
            waiter.promise.succeed(event)
        case (.transaction, .ready), (.ready, .sendBody), (.ready, .completed):
            break
        }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { self.start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelTimer()
        self.context = nil
        // A connect that failed removes the handler without it ever going inactive: the request still waiting
        // (the session's readiness, asked for at once) learns it here.
        self.answerWaiterWithTheEnd()
    }

    func channelActive(context: ChannelHandlerContext) {
        self.start(context: context)
        context.fireChannelActive()
    }

    private var started = false

    private func start(context: ChannelHandlerContext) {
        guard !self.started else { return }
        self.started = true
        // With implicit TLS the greeting comes after the handshake (TLSHandshakeCompleted below).
        if self.machine.configuration.tlsMode != .implicit {
            self.run(self.machine.connected())
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.run(self.machine.receive(self.unwrapInboundIn(data)))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            self.tlsSession = completed.session
            self.logger[metadataKey: "tls"] = "\(completed.session.parameters.version)"
            if self.machine.configuration.tlsMode == .implicit && !self.greeted {
                self.greeted = true
                self.run(self.machine.connected())
            } else {
                self.run(self.machine.tlsEstablished())
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private var greeted = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? TLSError {
            // Logged once, by the relay client, with the upstream it concerns.
            self.logger.debug("TLS failed", metadata: ["error": "\(error)"])
            if self.tlsFailure == nil { self.tlsFailure = error }
        } else {
            self.logger.debug("connection error", metadata: ["error": "\(error)"])
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.cancelTimer()
        self.run(self.machine.connectionLost())
        // The machine stays silent when it closed on purpose (QUIT); a request still waiting learns it here.
        self.answerWaiterWithTheEnd()
        context.fireChannelInactive()
    }

    /// The session is over: a request still waiting gets its failure, or `connectionLost`.
    private func answerWaiterWithTheEnd() {
        guard let waiter else { return }
        self.waiter = nil
        waiter.promise.succeed(.failed(self.failure ?? .session(.connectionLost)))
    }

    // MARK: Actions

    private func run(_ actions: [SMTPClientAction]) {
        guard let context else { return }
        var wrote = false
        for action in actions {
            switch action {
            case .send(let bytes):
                context.write(self.wrapOutboundOut(bytes), promise: nil)
                wrote = true
            case .startTLS:
                self.startTLS(context: context)
            case .sendBody:
                self.report(.sendBody)
            case .ready:
                self.report(.ready)
            case .transactionCompleted(let report):
                self.report(.completed(report))
            case .failed(let error):
                // A connection lost during a handshake is the handshake's failure.
                let failure = self.failure ?? self.tlsFailure.map { .tls($0) } ?? .session(error)
                self.failure = failure
                self.logger.debug("session failed", metadata: ["error": "\(failure)"])
                self.report(.failed(failure))
            case .close:
                if wrote { context.flush() }
                wrote = false
                self.cancelTimer()
                context.close(promise: nil)
            }
        }
        if wrote { context.flush() }
        self.armTimer()
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext else {
            self.abort(.session(.tlsUnavailable))
            return
        }
        do {
            let handler = try TLSHandler(context: tlsContext, serverHostname: self.serverHostname)
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
        } catch {
            self.abort((error as? TLSError).map { .tls($0) } ?? .session(.tlsUnavailable))
        }
    }

    // MARK: Timeouts

    private func armTimer() {
        self.cancelTimer()
        guard let context, let timeout = self.machine.pendingTimeout else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let handler = loopBound.value
            handler.timer = nil
            handler.logger.debug("upstream timed out", metadata: ["timeout": "\(timeout)"])
            handler.run(handler.machine.timedOut())
        }
    }

    private func cancelTimer() {
        self.timer?.cancel()
        self.timer = nil
    }
}
