import Logging
import MailModel
import NIOCore
import Queue
import SMTPProtocol
import TLS

/// Runs one SMTP session: feeds bytes and events (a timeout, a slow body, shutdown) to
/// `SMTPServerStateMachine` and carries out the actions it returns. Every SMTP decision, every reply and
/// its metrics reason are the state machine's; the handler owns the I/O around them: reads and their
/// back-pressure, the read timer, measuring the body's data rate, the spool, TLS and the metrics.
///
/// Back-pressure: reads are held while the state machine has enough input buffered (a pipelining client
/// waiting on a slow step) or while appends to the spool are outstanding past a limit, so memory per
/// session stays bounded whatever the client sends.
final class SMTPSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Dependencies: Sendable {
        var sink: any SMTPMessageSink
        var authenticator: SMTPAuthenticator?
        var tlsContext: ReloadableTLSContext?
        var metrics: SMTPMetrics
        /// Outstanding spool appends above which reads stop.
        var maximumPendingAppendBytes: Int = 1 << 20
    }

    private var machine: SMTPServerStateMachine
    private let dependencies: Dependencies
    private var session: SMTPSessionInfo
    private var logger: Logger
    private let implicitTLS: Bool

    private var spool: (any SMTPMessageSpool)?
    /// Appends run one after another; the chain's tail is what commit and abort wait for.
    private var spoolChain: EventLoopFuture<Void>?
    private var pendingAppendBytes = 0
    private var readTimer: Scheduled<Void>?
    /// When the session times out unless something is read; the timer may be set for earlier.
    private var readDeadline: NIODeadline?
    private var timerFiresAt: NIODeadline?
    private var readHeld = false
    private var dataRate: SMTPDataRateMonitor
    /// The session's lifetime and the current command line's time; nil until the connection is up.
    private var pace: SMTPSessionPace?
    private var paceTimer: Scheduled<Void>?
    private var paceTimerFiresAt: ContinuousClock.Instant?
    /// Octets of the message being received, for the accepted-bytes metric.
    private var messageBytes = 0

    init(configuration: SMTPServerConfiguration, dependencies: Dependencies, session: SMTPSessionInfo, logger: Logger) {
        self.machine = SMTPServerStateMachine(configuration: configuration)
        self.dataRate = SMTPDataRateMonitor(minimumRate: configuration.minimumDataRate, window: configuration.dataRateWindow)
        self.dependencies = dependencies
        self.session = session
        self.implicitTLS = configuration.mode == .submissions
        var logger = logger
        logger[metadataKey: "session"] = "\(session.sessionID)"
        logger[metadataKey: "remote_ip"] = "\(session.remoteIP)"
        self.logger = logger
    }

    // MARK: Events in

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private var started = false
    private var greeted = false

    private func start(context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        logger.debug("session opened")
        pace = SMTPSessionPace(configuration: machine.configuration, startedAt: .now)
        // On 465 the greeting waits for the handshake (TLSHandshakeCompleted below).
        if !implicitTLS {
            greeted = true
            run(machine.connectionOpened(), context: context)
        } else {
            scheduleReadTimer(context: context)
            schedulePaceTimer(context: context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if dataRate.isRunning && dataRate.received(bytes.readableBytes, at: .now) {
            logger.info("data rate too low: closing", metadata: ["minimum": "\(dataRate.minimumRate)"])
            run(machine.dataRateTooLow(), context: context)
            return
        }
        run(machine.receive(bytes), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            let info = completed.session.parameters
            dependencies.metrics.tlsHandshake(.success, version: info.version)
            logger[metadataKey: "tls"] = "\(info.version)"
            if !greeted {
                greeted = true
                run(machine.connectionOpened(tls: info), context: context)
            } else {
                run(machine.tlsEstablished(info), context: context)
            }
            return
        }
        if event is SMTPShutdownRequested {
            run(machine.shutdownRequested(), context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.info("session error", metadata: ["error": "\(error)"])
        if let failure = TLSHandshakeResult(failure: error) { dependencies.metrics.tlsHandshake(failure, version: nil) }
        run(machine.errorCaught(), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        readTimer?.cancel()
        readTimer = nil
        cancelPaceTimer()
        run(machine.connectionClosed(), context: context)
        logger.debug("session closed")
        context.fireChannelInactive()
    }

    // MARK: Back-pressure

    func read(context: ChannelHandlerContext) {
        if mayRead {
            context.read()
        } else {
            readHeld = true
        }
    }

    private var mayRead: Bool {
        machine.wantsMoreInput && pendingAppendBytes < dependencies.maximumPendingAppendBytes
    }

    private func resumeReadingIfPossible(context: ChannelHandlerContext) {
        if readHeld && mayRead {
            readHeld = false
            // Time spent with reads held was the server's, not the client's.
            if dataRate.isRunning { dataRate.start(at: .now) }
            context.read()
        }
    }

    // MARK: Actions out

    private func run(_ actions: [SMTPServerAction], context: ChannelHandlerContext) {
        logger.trace("session actions", metadata: ["actions": "\(actions)"])
        var wrote = false
        for action in actions {
            switch action {
            case .sendReply(let reply):
                context.write(wrapOutboundOut(reply.encoded()), promise: nil)
                wrote = true
            case .sendRefusal(let refusal):
                dependencies.metrics.rejected(refusal.reason)
                context.write(wrapOutboundOut(refusal.reply.encoded()), promise: nil)
                wrote = true
            case .sendReplyAndStartTLS(let reply):
                context.writeAndFlush(wrapOutboundOut(reply.encoded()), promise: nil)
                wrote = false
                startTLS(context: context)
            case .verifyCredentials(let credentials):
                verify(credentials, context: context)
            case .startMessage(let envelope):
                dataRate.start(at: .now)
                messageBytes = 0
                spool = dependencies.sink.begin(envelope, session: session)
                spoolChain = context.eventLoop.makeSucceededVoidFuture()
            case .appendMessage(let bytes):
                messageBytes += bytes.readableBytes
                append(bytes, context: context)
            case .commitMessage:
                dataRate.stop()
                commit(context: context)
            case .abortMessage:
                dataRate.stop()
                abort(context: context)
            case .close(let reply, let reason, let abortMessage):
                dataRate.stop()
                if let reason { dependencies.metrics.rejected(reason) }
                if abortMessage { abort(context: context) }
                readTimer?.cancel()
                readTimer = nil
                cancelPaceTimer()
                if let reply {
                    context.writeAndFlush(wrapOutboundOut(reply.encoded()), promise: nil)
                } else if wrote {
                    context.flush()
                }
                wrote = false
                context.close(promise: nil)
            }
        }
        if wrote { context.flush() }
        if !machine.isClosed {
            scheduleReadTimer(context: context)
            pace?.observe(commandLineInProgress: machine.commandLineInProgress, at: .now)
            schedulePaceTimer(context: context)
            resumeReadingIfPossible(context: context)
        }
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext = dependencies.tlsContext else {
            run(machine.errorCaught(), context: context)
            return
        }
        do {
            try STARTTLSUpgrade.addServerHandler(context: tlsContext.current, to: context.pipeline.syncOperations)
        } catch {
            logger.error("STARTTLS failed to start", metadata: ["error": "\(error)"])
            run(machine.errorCaught(), context: context)
        }
    }

    private func verify(_ credentials: SMTPCredentials, context: ChannelHandlerContext) {
        guard let authenticator = dependencies.authenticator else {
            run(machine.authenticationCompleted(.temporaryFailure), context: context)
            return
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        authenticator.verify(credentials, remoteIP: session.remoteIP, on: context.eventLoop).whenComplete { result in
            let (handler, context) = loopBound.value
            if case .success(.success(let user)) = result {
                handler.logger[metadataKey: "user"] = "\(user)"
            }
            handler.dependencies.metrics.authentication(Self.metricResult(result), mechanism: credentials.mechanism)
            handler.run(handler.machine.authenticationCompleted((try? result.get()) ?? .temporaryFailure), context: context)
        }
    }

    private static func metricResult(_ result: Result<SMTPAuthResult, any Error>) -> SMTPMetrics.AuthResult {
        switch result {
        case .success(.success): .success
        case .success(.invalidCredentials): .failure
        case .success(.lockedOut): .lockedOut
        case .success(.temporaryFailure), .failure: .error
        }
    }

    private func append(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        guard let spool, let chain = spoolChain else { return }
        // Nothing outstanding and nothing to write to the store: append here, in order, without a task.
        if pendingAppendBytes == 0 {
            do {
                if try spool.appendWithoutWaiting(bytes) { return }
            } catch {
                spoolChain = context.eventLoop.makeFailedFuture(error)
                return
            }
        }
        pendingAppendBytes += bytes.readableBytes
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let count = bytes.readableBytes
        let eventLoop = context.eventLoop
        spoolChain = chain.flatMap {
            let promise = eventLoop.makePromise(of: Void.self)
            promise.completeWithTask { try await spool.append(bytes) }
            return promise.futureResult
        }.always { _ in
            let (handler, context) = loopBound.value
            handler.pendingAppendBytes -= count
            handler.resumeReadingIfPossible(context: context)
        }
    }

    private func commit(context: ChannelHandlerContext) {
        guard let spool, let chain = spoolChain else {
            run(machine.commitCompleted(.failed(nil)), context: context)
            return
        }
        self.spool = nil
        spoolChain = nil
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let logger = self.logger
        let eventLoop = context.eventLoop
        let messageBytes = self.messageBytes
        chain.flatMap {
            let promise = eventLoop.makePromise(of: SMTPCommitResult.self)
            promise.completeWithTask { try await spool.commit() }
            return promise.futureResult
        }.whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success(let outcome):
                switch outcome {
                case .queued(let id):
                    logger.info("message accepted", metadata: ["queue_id": "\(id)"])
                    handler.dependencies.metrics.accepted(bytes: messageBytes)
                case .failed(let refusal):
                    logger.info("message refused", metadata: [
                        "reply": "\(refusal.map { "\($0.reply)" } ?? "451")", "reason": "\(refusal?.reason ?? .commitFailed)",
                    ])
                }
                handler.run(handler.machine.commitCompleted(outcome), context: context)
            case .failure(let error):
                logger.error("message not accepted: the store failed", metadata: ["error": "\(error)"])
                Task { await spool.abort() }
                handler.run(handler.machine.commitCompleted(.failed(nil)), context: context)
            }
        }
    }

    private func abort(context: ChannelHandlerContext) {
        guard let spool, let chain = spoolChain else { return }
        self.spool = nil
        spoolChain = nil
        chain.whenComplete { _ in
            Task { await spool.abort() }
        }
    }

    // MARK: Timeouts

    /// Called after every event: moves the read deadline. The timer itself is re-armed only when it would
    /// fire too late; otherwise it fires, finds the deadline moved, and sleeps again. Cancelling and
    /// scheduling a task per read cost a few percent of the accept path.
    private func scheduleReadTimer(context: ChannelHandlerContext) {
        guard let timeout = machine.readTimeout else {
            readDeadline = nil
            readTimer?.cancel()
            readTimer = nil
            timerFiresAt = nil
            return
        }
        let deadline = NIODeadline.now() + .nanoseconds(timeout.nanoseconds)
        readDeadline = deadline
        if readTimer != nil, let firesAt = timerFiresAt, firesAt <= deadline { return }
        armReadTimer(at: deadline, context: context)
    }

    private func armReadTimer(at deadline: NIODeadline, context: ChannelHandlerContext) {
        readTimer?.cancel()
        timerFiresAt = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        readTimer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.readTimer = nil
            handler.timerFiresAt = nil
            guard let current = handler.readDeadline else { return }
            if current > NIODeadline.now() {
                handler.armReadTimer(at: current, context: context)
                return
            }
            handler.logger.info("session timed out")
            handler.run(handler.machine.timedOut(), context: context)
        }
    }

    /// Like the read timer, re-armed only when it would fire too late: a timer that fires early finds nothing
    /// expired and sleeps again until the next deadline.
    private func schedulePaceTimer(context: ChannelHandlerContext) {
        guard let deadline = pace?.nextDeadline else {
            cancelPaceTimer()
            return
        }
        if paceTimer != nil, let firesAt = paceTimerFiresAt, firesAt <= deadline { return }
        paceTimer?.cancel()
        paceTimerFiresAt = deadline
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        paceTimer = context.eventLoop.scheduleTask(in: TimeAmount(max(.zero, deadline - .now))) {
            let (handler, context) = loopBound.value
            handler.paceTimer = nil
            handler.paceTimerFiresAt = nil
            switch handler.pace?.expired(at: .now) {
            case .lifetime:
                handler.logger.info("session lifetime ended", metadata: ["maximum": "\(handler.machine.configuration.maximumSessionDuration)"])
                handler.run(handler.machine.sessionLifetimeEnded(), context: context)
            case .commandLine:
                handler.logger.info("command line sent too slowly: closing", metadata: ["maximum": "\(handler.machine.configuration.commandLineTimeout)"])
                handler.run(handler.machine.commandLineTooSlow(), context: context)
            case nil:
                if !handler.machine.isClosed { handler.schedulePaceTimer(context: context) }
            }
        }
    }

    private func cancelPaceTimer() {
        paceTimer?.cancel()
        paceTimer = nil
        paceTimerFiresAt = nil
    }
}
