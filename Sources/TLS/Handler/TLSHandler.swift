import NIOCore

/// TLS over a channel, with OpenSSL working on memory buffers.
///
/// Add it as the first handler (next to the socket), either at channel creation (implicit TLS, port 465) or
/// to an active channel (STARTTLS: see `STARTTLSUpgrade`); the handshake starts as soon as the channel is
/// active. Then:
/// - writes made before the handshake completes are kept and sent, in order, once it does; their promises
///   complete when the ciphertext is written;
/// - `TLSHandshakeCompleted` is fired as a user inbound event before any application data;
/// - reads follow the user's `read()` calls (autoRead off works); during the handshake the handler reads on
///   its own, because the handshake cannot progress otherwise;
/// - `close()` sends close_notify and waits up to `closeNotifyTimeout` for the peer's before closing the
///   socket; a peer's close_notify is answered and the channel closed;
/// - the channel going inactive without close_notify fires `TLSError.uncleanShutdown` (or
///   `.eofDuringHandshake`) through `errorCaught` before `channelInactive`; a handshake slower than
///   `handshakeTimeout` fails with `.handshakeTimeout`;
/// - every other failure is a `TLSError` in `errorCaught`, and the channel is closed.
///
/// It is deliberately not a `RemovableChannelHandler`: plaintext must never follow TLS on one connection.
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private struct BufferedWrite {
        var data: ByteBuffer
        var promise: EventLoopPromise<Void>?
    }

    private let connection: SSLConnection
    private let role: TLSRole
    private var stateMachine = TLSHandlerStateMachine()
    private var bufferedWrites = MarkedCircularBuffer<BufferedWrite>(initialCapacity: 8)
    private var closeNotifyTimer: Scheduled<Void>?
    private var handshakeTimer: Scheduled<Void>?
    /// The user asked for data (`read()`) and has not been given any yet.
    private var userReadPending = false
    private var deliveredSinceReadComplete = false
    private var sawFirstRecord = false

    /// Available once `TLSHandshakeCompleted` has been fired.
    public private(set) var session: TLSSessionInfo?

    /// - Parameters:
    ///   - context: a server or client context; its role decides the handler's.
    ///   - serverHostname: client only: the name sent as SNI and verified against the certificate (an IP
    ///     literal is verified against IP SANs and not sent as SNI). Required for full verification.
    public init(context: TLSContext, serverHostname: String? = nil) throws(TLSError) {
        self.connection = try SSLConnection(context: context, serverHostname: serverHostname)
        self.role = context.configuration.role
    }

    // MARK: Lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive {
            self.startHandshake(context: context)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelTimers()
        self.failBufferedWrites(ChannelError.ioOnClosedChannel)
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        self.startHandshake(context: context)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        self.cancelTimers()
        let action = self.stateMachine.channelInactive()
        switch action {
        case .reportError(let error):
            self.failBufferedWrites(error)
            context.fireErrorCaught(error)
        case .succeedClose(let promise):
            self.failBufferedWrites(ChannelError.ioOnClosedChannel)
            promise?.succeed()
        case .none:
            self.failBufferedWrites(ChannelError.ioOnClosedChannel)
        }
        context.fireChannelInactive()
    }

    // MARK: Inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ciphertext = self.unwrapInboundIn(data)
        switch self.stateMachine.state {
        case .idle:
            self.connection.consumeCiphertext(ciphertext)
        case .handshaking:
            if self.role == .server, !self.sawFirstRecord, let first = ciphertext.getInteger(
                at: ciphertext.readerIndex, as: UInt8.self)
            {
                self.sawFirstRecord = true
                // 0x16 is the TLS handshake record type: anything else is a client still speaking plaintext.
                guard first == 0x16 else {
                    self.fail(context: context, error: .plaintextInsteadOfHandshake)
                    return
                }
            }
            self.connection.consumeCiphertext(ciphertext)
            self.handshakeStep(context: context)
        case .active, .closing:
            self.connection.consumeCiphertext(ciphertext)
            self.decodeAndDeliver(context: context)
        case .closed:
            break
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        if self.deliveredSinceReadComplete {
            self.deliveredSinceReadComplete = false
            context.fireChannelReadComplete()
        } else if self.userReadPending, self.stateMachine.isActive {
            // Only part of a record arrived: the user got nothing for its read(), so ask for more or, with
            // autoRead off, the connection would stall.
            context.read()
        }
        if case .closing = self.stateMachine.state {
            // Waiting for the peer's close_notify must not depend on the user still calling read().
            context.read()
        }
    }

    // MARK: Outbound

    public func read(context: ChannelHandlerContext) {
        switch self.stateMachine.readRequested() {
        case .forward:
            self.userReadPending = true
            context.read()
        case .deferUntilHandshakeCompletes:
            self.userReadPending = true
        case .ignore:
            break
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard self.stateMachine.acceptsWrites else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        self.bufferedWrites.append(BufferedWrite(data: self.unwrapOutboundIn(data), promise: promise))
    }

    public func flush(context: ChannelHandlerContext) {
        self.bufferedWrites.mark()
        self.encryptFlushedWrites(context: context)
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .input {
            context.close(mode: .input, promise: promise)
            return
        }
        // Data flushed before close() must precede close_notify. `.output` is treated as `.all`: a TLS
        // half-close is not something an SMTP peer expects.
        self.encryptFlushedWrites(context: context)
        switch self.stateMachine.closeRequested(promise: promise) {
        case .closeNow(let promise):
            self.cancelTimers()
            self.failBufferedWrites(ChannelError.ioOnClosedChannel)
            context.close(mode: .all, promise: promise)
        case .sendCloseNotify:
            self.failBufferedWrites(ChannelError.ioOnClosedChannel)
            if case .failed(let error) = self.connection.shutdown() {
                self.writeCiphertext(context: context)
                self.fail(context: context, error: error)
                return
            }
            self.writeCiphertext(context: context)
            let timeout = self.connection.context.configuration.closeNotifyTimeout
            self.closeNotifyTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.closeNotifyTimedOut(context: context)
            }
            context.read()
        case .cascade(let existing, let new):
            existing.futureResult.cascade(to: new)
        case .none:
            break
        }
    }

    // MARK: Steps

    private func startHandshake(context: ChannelHandlerContext) {
        guard self.stateMachine.channelActivated() else { return }
        if let timeout = self.connection.context.configuration.handshakeTimeout {
            self.handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.handshakeTimer = nil
                self.fail(context: context, error: .handshakeTimeout)
            }
        }
        self.handshakeStep(context: context)
    }

    private func handshakeStep(context: ChannelHandlerContext) {
        switch self.connection.doHandshake() {
        case .wantRead:
            self.writeCiphertext(context: context)
            context.read()
        case .complete:
            self.writeCiphertext(context: context)
            self.completeHandshake(context: context)
        case .failed(let error):
            // Send the alert OpenSSL queued so the peer learns why.
            self.writeCiphertext(context: context)
            self.fail(context: context, error: error)
        }
    }

    private func completeHandshake(context: ChannelHandlerContext) {
        guard self.stateMachine.handshakeCompleted() else { return }
        self.handshakeTimer?.cancel()
        self.handshakeTimer = nil
        let session = self.connection.sessionInfo
        self.session = session
        context.fireUserInboundEventTriggered(TLSHandshakeCompleted(session: session))
        guard self.stateMachine.isActive else { return }
        // Records that came in with the peer's Finished are already buffered; deliver them before
        // releasing our writes, which may depend on what the peer said.
        self.decodeAndDeliver(context: context)
        if self.deliveredSinceReadComplete {
            self.deliveredSinceReadComplete = false
            context.fireChannelReadComplete()
        }
        self.encryptFlushedWrites(context: context)
        if self.userReadPending, self.stateMachine.isActive {
            context.read()
        }
    }

    private func decodeAndDeliver(context: ChannelHandlerContext) {
        // Plaintext is never larger than the ciphertext it came from: one allocation of the right size.
        var plaintext = context.channel.allocator.buffer(capacity: max(64, self.connection.bufferedCiphertextBytes))
        let outcome = self.connection.readPlaintext(into: &plaintext)
        // Reading can produce output too (TLS 1.3 KeyUpdate replies, alerts).
        self.writeCiphertext(context: context)
        if plaintext.readableBytes > 0 {
            self.userReadPending = false
            self.deliveredSinceReadComplete = true
            context.fireChannelRead(self.wrapInboundOut(plaintext))
        }
        switch outcome {
        case .wantRead:
            break
        case .closeNotify:
            self.peerSentCloseNotify(context: context)
        case .failed(let error):
            self.fail(context: context, error: error)
        }
    }

    private func encryptFlushedWrites(context: ChannelHandlerContext) {
        guard self.stateMachine.isActive, self.bufferedWrites.hasMark else { return }
        // One ciphertext write per flush; the first promise stands for all of them and the others follow it,
        // which keeps completion order equal to write order.
        var combined: EventLoopPromise<Void>? = nil
        while self.bufferedWrites.hasMark {
            let write = self.bufferedWrites.removeFirst()
            if write.data.readableBytes > 0, let error = self.connection.writePlaintext(write.data) {
                write.promise?.fail(error)
                combined?.fail(error)
                self.fail(context: context, error: error)
                return
            }
            if let promise = write.promise {
                if let combined {
                    combined.futureResult.cascade(to: promise)
                } else {
                    combined = promise
                }
            }
        }
        self.writeCiphertext(context: context, promise: combined)
    }

    private func writeCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>? = nil) {
        if let ciphertext = self.connection.takeCiphertext(allocator: context.channel.allocator) {
            context.writeAndFlush(self.wrapOutboundOut(ciphertext), promise: promise)
        } else if let promise {
            // Only empty writes: still go through the channel so the promise completes in order.
            context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
        }
    }

    private func peerSentCloseNotify(context: ChannelHandlerContext) {
        switch self.stateMachine.peerCloseNotifyReceived() {
        case .replyAndClose:
            self.failBufferedWrites(ChannelError.ioOnClosedChannel)
            _ = self.connection.shutdown()
            self.writeCiphertext(context: context)
            context.close(promise: nil)
        case .close(let promise):
            self.cancelTimers()
            context.close(promise: promise)
        case .none:
            break
        }
    }

    private func closeNotifyTimedOut(context: ChannelHandlerContext) {
        self.closeNotifyTimer = nil
        if case .close(let promise) = self.stateMachine.closeNotifyTimedOut() {
            context.close(promise: promise)
        }
    }

    private func fail(context: ChannelHandlerContext, error: TLSError) {
        switch self.stateMachine.failed() {
        case .reportAndClose(let promise):
            self.cancelTimers()
            self.failBufferedWrites(error)
            context.fireErrorCaught(error)
            context.close(promise: promise)
        case .ignore:
            self.failBufferedWrites(error)
        }
    }

    private func failBufferedWrites(_ error: any Error) {
        while let write = self.bufferedWrites.popFirst() {
            write.promise?.fail(error)
        }
    }

    private func cancelTimers() {
        self.closeNotifyTimer?.cancel()
        self.closeNotifyTimer = nil
        self.handshakeTimer?.cancel()
        self.handshakeTimer = nil
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}
