import Foundation
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SMTPProtocol
import ServiceLifecycle
import TLS

/// One SMTP listener as a service: binds, admits connections within the limits, runs a session per
/// connection, and on graceful shutdown stops accepting, lets sessions finish for a bounded time and
/// closes the rest with 421.
public final class SMTPListener: Service {
    private let settings: SMTPListenerSettings
    private let dependencies: SMTPSessionHandler.Dependencies
    private let group: any EventLoopGroup
    private let logger: Logger
    private let registry: ConnectionRegistry
    private let sessions: Counter
    private let refused: Counter

    public init(
        settings: SMTPListenerSettings, sink: any SMTPMessageSink, authenticator: SMTPAuthenticator?,
        tlsContext: ReloadableTLSContext?, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.settings = settings
        self.dependencies = .init(sink: sink, authenticator: authenticator, tlsContext: tlsContext)
        self.group = group
        var logger = logger
        logger[metadataKey: "listener"] = "\(settings.name)"
        self.logger = logger
        self.registry = ConnectionRegistry(maximumConnections: settings.maximumConnections, maximumPerIP: settings.maximumConnectionsPerIP)
        self.sessions = Counter(label: "mailgate_smtp_sessions_total", dimensions: [("listener", settings.name)])
        self.refused = Counter(label: "mailgate_smtp_connections_refused_total", dimensions: [("listener", settings.name)])
    }

    private let bound = NIOLockedValueBox<Int?>(nil)

    /// The port once `run` is listening (differs from the setting when that is 0).
    public var port: Int? { bound.withLockedValue { $0 } }

    public func run() async throws {
        let serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.initialize(channel) }
            }
            .bind(host: settings.address, port: settings.port)
            .get()
        let port = serverChannel.localAddress?.port ?? settings.port
        bound.withLockedValue { $0 = port }
        logger.info("SMTP listening", metadata: ["address": "\(settings.address)", "port": "\(port)"])

        await withGracefulShutdownHandler {
            try? await serverChannel.closeFuture.get()
        } onGracefulShutdown: {
            serverChannel.close(promise: nil)
        }
        await drainSessions()
    }

    private func initialize(_ channel: any Channel) throws {
        let ip = channel.remoteAddress?.ipAddress ?? "unknown"
        let admission = registry.admit(channel, ip: ip)
        guard admission == .admitted else {
            refused.increment()
            logger.warning("connection refused: limit reached", metadata: ["remote_ip": "\(ip)", "limit": "\(admission)"])
            let reply = SMTPReply(421, "4.7.0", "\(settings.session.hostname) Too many connections, try again later")
            // On 465 a plaintext 421 would be garbage to a TLS client: just close.
            if settings.session.mode != .submissions {
                channel.writeAndFlush(reply.encoded()).whenComplete { _ in channel.close(promise: nil) }
            } else {
                channel.close(promise: nil)
            }
            return
        }
        sessions.increment()
        channel.closeFuture.whenComplete { [registry] _ in registry.remove(channel, ip: ip) }
        let sync = channel.pipeline.syncOperations
        if settings.session.mode == .submissions {
            guard let tls = dependencies.tlsContext else { throw SMTPListenerError.noTLSContext(listener: settings.name) }
            try sync.addHandler(TLSHandler(context: tls.current))
        }
        let session = SMTPSessionInfo(
            sessionID: UUID().uuidString.lowercased().prefix(12).description, listener: settings.name,
            remoteIP: ip, remotePort: channel.remoteAddress?.port ?? 0, hostname: settings.session.hostname)
        try sync.addHandler(SMTPSessionHandler(configuration: settings.session, dependencies: dependencies, session: session, logger: logger))
    }

    /// After the listening socket closed: give sessions `shutdownGrace`, then close what remains.
    private func drainSessions() async {
        let deadline = ContinuousClock.now + settings.shutdownGrace
        for channel in registry.channels {
            channel.pipeline.fireUserInboundEventTriggered(SMTPShutdownRequested())
        }
        while registry.count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let remaining = registry.channels
        if !remaining.isEmpty {
            logger.warning("closing sessions still open after the shutdown grace period", metadata: ["sessions": "\(remaining.count)"])
        }
        for channel in remaining { channel.close(promise: nil) }
        logger.info("SMTP listener stopped")
    }
}
