import Logging
import NIOCore
import NIOPosix
import SMTPProtocol
import TLS

/// One established session to an upstream: connect, then any number of transactions, then QUIT. One
/// request at a time (the pool leases a connection to one relay).
public final class SMTPClientConnection: Sendable {
    public let upstream: SMTPUpstream
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>

    private init(upstream: SMTPUpstream, channel: any Channel, handler: NIOLoopBound<SMTPClientHandler>) {
        self.upstream = upstream
        self.channel = channel
        self.handler = handler
    }

    /// Connects, runs greeting, EHLO, STARTTLS and AUTH, and returns once the session is ready.
    public static func connect(
        to upstream: SMTPUpstream, configuration: SMTPClientConfiguration, tlsContext: TLSContext?,
        group: any EventLoopGroup, logger: Logger
    ) async throws(SMTPConnectionError) -> SMTPClientConnection {
        let serverHostname = upstream.tlsServerName ?? upstream.host
        let implicit = configuration.tlsMode == .implicit
        if configuration.tlsMode != .none && tlsContext == nil { throw .session(.tlsUnavailable) }
        var logger = logger
        logger[metadataKey: "upstream"] = "\(upstream)"
        let sessionLogger = logger
        let eventLoop = group.next()
        // Asked for by the initializer, before the first byte can arrive: on a loaded machine the whole session
        // (greeting, EHLO, a refused handshake, the close) can be over before `connect` resumes here, and by
        // then the pipeline has let go of the handler that knows why it ended.
        let ready = eventLoop.makePromise(of: ReadySession.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit, let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tlsContext, serverHostname: serverHostname))
                    }
                    let handler = SMTPClientHandler(
                        configuration: configuration, tlsContext: tlsContext, serverHostname: serverHostname, logger: sessionLogger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                    handler.awaitReady(on: channel.eventLoop).map { ReadySession(handler: bound, event: $0) }.cascade(to: ready)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: upstream.host, port: upstream.port).get()
        } catch {
            ready.fail(error)
            throw .connectFailed("\(error)")
        }
        let event: SMTPClientEvent
        let handler: NIOLoopBound<SMTPClientHandler>
        do {
            (handler, event) = try await ready.futureResult.map { ($0.handler, $0.event) }.get()
        } catch {
            channel.close(promise: nil)
            throw .session(.connectionLost)
        }
        switch event {
        case .ready:
            logger.debug("session ready")
            return SMTPClientConnection(upstream: upstream, channel: channel, handler: handler)
        case .failed(let error):
            channel.close(promise: nil)
            throw error
        case .sendBody, .completed:
            channel.close(promise: nil)
            throw .session(.connectionLost)
        }
    }

    private struct ReadySession: Sendable {
        var handler: NIOLoopBound<SMTPClientHandler>
        var event: SMTPClientEvent
    }

    /// Whether the session is idle and healthy (a failed session is never reused).
    public var isUsable: Bool {
        get async {
            (try? await self.channel.eventLoop.submit { self.handler.value.isUsable }.get()) ?? false
        }
    }

    public var capabilities: SMTPServerCapabilities {
        get async {
            (try? await self.channel.eventLoop.submit { self.handler.value.capabilities }.get()) ?? SMTPServerCapabilities()
        }
    }

    /// The server's greeting (banner) text, its lines joined by a space.
    public var greeting: String? {
        get async {
            let reply = (try? await self.channel.eventLoop.submit { self.handler.value.greeting }.get()) ?? nil
            return reply.map { $0.lines.joined(separator: " ") }
        }
    }

    /// The negotiated TLS (version, cipher, the peer certificate's subject); `nil` on a plaintext session.
    public var tlsSession: TLSSessionInfo? {
        get async {
            (try? await self.channel.eventLoop.submit { self.handler.value.tlsSession }.get()) ?? nil
        }
    }

    /// RSET: proves an idle session still answers before it carries another message.
    public func reset() async throws(SMTPConnectionError) {
        let event = await self.request { $0.reset(on: self.channel.eventLoop) }
        if case .failed(let error) = event { throw error }
    }

    /// One transaction. The body is read only after the server answered DATA with 354, at most once; if
    /// reading it fails, the connection is closed before the final dot so nothing truncated is delivered.
    public func send(
        _ message: SMTPClientMessage, body: some AsyncSequence<ByteBuffer, any Error> & Sendable
    ) async -> SMTPTransactionOutcome {
        let first = await self.request { $0.send(message, on: self.channel.eventLoop) }
        switch first {
        case .completed(let report): return .completed(report)
        case .failed(let error): return .failed(error, bodyStarted: false)
        case .ready: return .failed(.session(.connectionLost), bodyStarted: false)
        case .sendBody: break
        }
        // One chunk is held back so the last one goes out with the end of the body (`BDAT n LAST`, or the
        // final dot in the same write).
        var iterator = body.makeAsyncIterator()
        var held: ByteBuffer?
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await iterator.next()
            } catch {
                let failure = SMTPConnectionError.bodyUnavailable("\(error)")
                try? await self.channel.eventLoop.submit { self.handler.value.abort(failure) }.get()
                return .failed(failure, bodyStarted: true)
            }
            guard let chunk else { break }
            if let previous = held {
                do {
                    try await self.channel.eventLoop.flatSubmit {
                        self.handler.value.writeBody(previous, on: self.channel.eventLoop)
                    }.get()
                } catch {
                    return .failed(await self.failureAfterWriteError(), bodyStarted: true)
                }
            }
            held = chunk
        }
        let last = held
        let final = await self.request { $0.finishBody(lastChunk: last, on: self.channel.eventLoop) }
        switch final {
        case .completed(let report): return .completed(report)
        case .failed(let error): return .failed(error, bodyStarted: true)
        case .ready, .sendBody: return .failed(.session(.connectionLost), bodyStarted: true)
        }
    }

    /// QUIT and wait for the server to close (bounded by the greeting timeout in the handler).
    public func quit() async {
        try? await self.channel.eventLoop.flatSubmit { self.handler.value.quit(on: self.channel.eventLoop) }.get()
    }

    /// Closes without QUIT.
    public func close() async {
        try? await self.channel.close()
    }

    private func request(_ body: @escaping @Sendable (SMTPClientHandler) -> EventLoopFuture<SMTPClientEvent>) async -> SMTPClientEvent {
        do {
            return try await self.channel.eventLoop.flatSubmit { body(self.handler.value) }.get()
        } catch {
            return .failed(.session(.connectionLost))
        }
    }

    /// A body write failed: the session's own failure (timeout, TLS) says why better than the write error.
    private func failureAfterWriteError() async -> SMTPConnectionError {
        let event = await self.request { $0.awaitReady(on: self.channel.eventLoop) }
        if case .failed(let error) = event { return error }
        return .session(.connectionLost)
    }
}
