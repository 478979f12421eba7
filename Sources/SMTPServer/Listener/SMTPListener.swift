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
    private let metrics: SMTPMetrics

    /// - Parameters:
    ///   - policy: decides senders and recipients; without one, the session configuration's own policies
    ///     apply (none: any sender, and on `inbound` no recipient).
    ///   - metricsFactory: where the metrics go; nil for the process-wide `MetricsSystem`.
    public init(
        settings: SMTPListenerSettings, sink: any SMTPMessageSink, policy: (any SMTPMailPolicy)? = nil,
        authenticator: SMTPAuthenticator?,
        tlsContext: ReloadableTLSContext?, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        var settings = settings
        if let policy {
            let mode = settings.session.mode
            settings.session.senderPolicy = { path, user in policy.senderRefusal(path, user: user, mode: mode) }
            settings.session.recipientPolicy = { path, context in policy.recipientVerdict(path, context: context, mode: mode) }
        }
        self.settings = settings
        self.metrics = SMTPMetrics(listener: settings.name, factory: metricsFactory)
        self.dependencies = .init(sink: sink, authenticator: authenticator, tlsContext: tlsContext, metrics: self.metrics)
        self.group = group
        var logger = logger
        logger[metadataKey: "listener"] = "\(settings.name)"
        self.logger = logger
        self.registry = ConnectionRegistry(maximumConnections: settings.maximumConnections, maximumPerIP: settings.maximumConnectionsPerIP)
    }

    private let bound = NIOLockedValueBox<Int?>(nil)

    /// The port once `run` is listening (differs from the setting when that is 0).
    public var port: Int? { bound.withLockedValue { $0 } }

    /// Sessions whose channel is still open, as the drain counts them.
    var openSessions: Int { registry.count }

    /// The connections of those sessions, for tests that inspect the sockets.
    var sessionChannels: [any Channel] { registry.channels }

    public func run() async throws {
        let serverChannel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { [logger] channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(AcceptErrorLogger(logger: logger)) }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    do {
                        try self.initialize(channel)
                    } catch {
                        // NIO closes the connection silently when the initializer fails: the reason is said here.
                        self.logger.error(
                            "connection closed before its session began", metadata: [
                                "remote_ip": "\(channel.remoteAddress?.ipAddress ?? "unknown")", "error": "\(error)",
                            ])
                        throw error
                    }
                }
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
        let peer = channel.remoteAddress?.ipAddress ?? "unknown"
        let peerPort = channel.remoteAddress?.port ?? 0
        guard settings.proxyProtocol else {
            guard admit(channel, ip: peer) else { return }
            try startSession(on: channel, ip: peer, port: peerPort)
            return
        }
        // A PROXY header is believed only from the balancer: anyone else could name any client address.
        guard settings.proxyProtocolTrusted.contains(where: { $0.contains(peer) }) else {
            metrics.rejected(.proxyProtocol)
            logger.warning(
                "connection from an address not in proxy_protocol_trusted: closed without a greeting", metadata: ["remote_ip": "\(peer)"])
            channel.close(promise: nil)
            return
        }
        // Counted under the balancer's address while its header is awaited, so that connections that never send
        // one are bounded by the limits too; then under the client the header names.
        guard admit(channel, ip: peer) else { return }
        // Behind a load balancer the socket's peer is the balancer: the client, its limits and even the
        // TLS handshake on 465 wait for the PROXY header.
        let proxy = ProxyProtocolHandler(
            timeout: settings.proxyHeaderTimeout, logger: logger,
            refused: { [metrics, registry] in
                metrics.rejected(.proxyProtocol)
                // Its slot under the balancer's address is free before the peer sees the close.
                registry.remove(channel)
            },
            handOff: { [self] channel, ip, port in
                let admission = registry.move(channel, to: ip)
                guard admission == .admitted else {
                    // Its slot under the balancer's address is free at once, not when the close completes.
                    registry.remove(channel)
                    refuse(channel, ip: ip, admission)
                    return false
                }
                try startSession(on: channel, ip: ip, port: port)
                return true
            })
        try channel.pipeline.syncOperations.addHandler(proxy)
    }

    /// Counts the connection from `ip` within the connection limits, until it closes; false (and the connection
    /// refused) when a limit is reached.
    private func admit(_ channel: any Channel, ip: String) -> Bool {
        let admission = registry.admit(channel, ip: ip)
        guard admission == .admitted else {
            refuse(channel, ip: ip, admission)
            return false
        }
        channel.closeFuture.whenComplete { [registry] _ in registry.remove(channel) }
        return true
    }

    private func refuse(_ channel: any Channel, ip: String, _ admission: ConnectionRegistry.Admission) {
        metrics.connectionRefused()
        logger.warning("connection refused: limit reached", metadata: ["remote_ip": "\(ip)", "limit": "\(admission)"])
        let reply = SMTPReply(421, "4.7.0", "\(settings.session.hostname) Too many connections, try again later")
        // On 465 a plaintext 421 would be garbage to a TLS client: just close.
        if settings.session.mode != .submissions {
            channel.writeAndFlush(reply.encoded()).whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
    }

    /// Installs the session of the client at `ip` (after TLS on 465).
    private func startSession(on channel: any Channel, ip: String, port: Int) throws {
        metrics.sessionOpened()
        channel.closeFuture.whenComplete { [metrics] _ in metrics.sessionClosed() }
        let sync = channel.pipeline.syncOperations
        if settings.session.mode == .submissions {
            guard let tls = dependencies.tlsContext else { throw SMTPListenerError.noTLSContext(listener: settings.name) }
            try sync.addHandler(TLSHandler(context: tls.current))
        }
        let session = SMTPSessionInfo(
            sessionID: UUID().uuidString.lowercased().prefix(12).description, listener: settings.name, mode: settings.session.mode,
            remoteIP: ip, remotePort: port, hostname: settings.session.hostname)
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
