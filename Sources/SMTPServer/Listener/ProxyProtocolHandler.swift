import Logging
import NIOCore
import SMTPProtocol

/// First in the pipeline of a listener behind a load balancer (`proxy_protocol: true`): reads the PROXY
/// protocol header before anything else, then hands the connection on with the client's real address.
///
/// Nothing is installed behind it until the header is read: no TLS on 465, no session, so no greeting
/// goes out before the proxy has said who the client is. The header is bounded (``ProxyHeaderDecoder``)
/// and must arrive within `timeout`; a missing or malformed one closes the connection, logged once.
/// Bytes that came with the header (a pipelining client, a TLS ClientHello) are passed on, then the
/// handler leaves the pipeline.
final class ProxyProtocolHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Installs what follows this handler for a client at `ip`:`port`; false when it refused the
    /// connection instead.
    typealias ClientHandOff = (_ channel: any Channel, _ ip: String, _ port: Int) throws -> Bool

    private let decoder = ProxyHeaderDecoder()
    private let timeout: Duration
    private let handOff: ClientHandOff
    private let refused: () -> Void
    private let logger: Logger
    private var buffer = ByteBuffer()
    private var timer: Scheduled<Void>?
    private var finished = false

    init(timeout: Duration, logger: Logger, refused: @escaping () -> Void, handOff: @escaping ClientHandOff) {
        self.timeout = timeout
        self.logger = logger
        self.refused = refused
        self.handOff = handOff
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startTimer(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
        if !self.finished {
            self.finished = true
            // Load balancers' TCP health checks connect and close without a word: not worth a warning.
            self.logger.debug("connection closed before its PROXY protocol header", metadata: ["proxy": "\(Self.peer(context))"])
        }
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Shutdown: a connection that has not even named its client has nothing to finish.
        if event is SMTPShutdownRequested, !self.finished {
            self.finished = true
            self.timer?.cancel()
            self.timer = nil
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.finished else { return }
        var bytes = self.unwrapInboundIn(data)
        self.buffer.writeBuffer(&bytes)
        switch self.decoder.decode(&self.buffer) {
        case .needMoreBytes:
            return
        case .malformed(let error):
            self.refuse(context: context, "PROXY protocol header malformed: \(error)")
        case .header(let header):
            self.finished = true
            self.timer?.cancel()
            self.timer = nil
            let client = header.source.map { ("\($0.address)", Int($0.port)) }
                ?? (context.channel.remoteAddress?.ipAddress ?? "unknown", context.channel.remoteAddress?.port ?? 0)
            do {
                guard try self.handOff(context.channel, client.0, client.1) else { return }
            } catch {
                self.logger.error("cannot start a session after the PROXY header", metadata: ["error": "\(error)"])
                context.close(promise: nil)
                return
            }
            if self.buffer.readableBytes > 0 {
                let leftover = self.buffer
                self.buffer = ByteBuffer()
                context.fireChannelRead(self.wrapInboundOut(leftover))
                context.fireChannelReadComplete()
            }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func refuse(context: ChannelHandlerContext, _ message: String) {
        guard !self.finished else { return }
        self.finished = true
        self.timer?.cancel()
        self.timer = nil
        self.buffer = ByteBuffer()
        self.refused()
        self.logger.warning("\(message); connection closed", metadata: ["proxy": "\(Self.peer(context))"])
        context.close(promise: nil)
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard self.timer == nil, !self.finished else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = self.timeout
        self.timer = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            handler.refuse(context: context, "no PROXY protocol header within \(timeout)")
        }
    }

    private static func peer(_ context: ChannelHandlerContext) -> String {
        context.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

@available(*, unavailable)
extension ProxyProtocolHandler: Sendable {}
