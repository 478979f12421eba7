import Logging
import NIOCore
import SMTPProtocol
import TLS

/// The sessions kept to one upstream. A leased connection carries one message; released healthy, it waits
/// idle for the next (which first sends RSET to prove the session still answers). A connection that failed
/// in any way is closed, never reused.
public actor SMTPConnectionPool {
    private struct Idle {
        var connection: SMTPClientConnection
        var messages: Int
        var since: ContinuousClock.Instant
    }

    public nonisolated let upstream: SMTPUpstream
    public nonisolated let configuration: SMTPConnectionPoolConfiguration
    private let clientConfiguration: SMTPClientConfiguration
    private let tlsContext: TLSContext?
    private let group: any EventLoopGroup
    private let logger: Logger
    private let metrics: SMTPClientMetrics

    private var idle: [Idle] = []
    /// Messages carried so far by each leased connection.
    private var leased: [ObjectIdentifier: Int] = [:]
    /// Leased, idle and connecting.
    private var open = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var sweeper: Task<Void, Never>?
    private var isShutDown = false

    /// - Parameter clientConfiguration: the session settings (HELO name, timeouts); the TLS mode and the
    ///   credentials come from the upstream.
    init(
        upstream: SMTPUpstream, configuration: SMTPConnectionPoolConfiguration, clientConfiguration: SMTPClientConfiguration,
        tlsContext: TLSContext?, group: any EventLoopGroup, logger: Logger, metrics: SMTPClientMetrics
    ) {
        self.upstream = upstream
        self.configuration = configuration
        var clientConfiguration = clientConfiguration
        clientConfiguration.tlsMode = upstream.tlsMode
        clientConfiguration.username = upstream.username
        self.clientConfiguration = clientConfiguration
        self.tlsContext = tlsContext
        self.group = group
        self.logger = logger
        self.metrics = metrics
    }

    public var openConnections: Int { self.open }
    public var idleConnections: Int { self.idle.count }

    /// A ready session: an idle one that answered RSET, or a new one. Waits while `maxConnections` are open.
    public func lease() async throws(SMTPConnectionError) -> SMTPClientConnection {
        while true {
            if self.isShutDown { throw .shutDown }
            self.dropExpired(at: .now)
            if let entry = self.idle.popLast() {
                self.reportSize()
                do {
                    try await entry.connection.reset()
                    self.leased[ObjectIdentifier(entry.connection)] = entry.messages
                    return entry.connection
                } catch {
                    self.logger.debug("idle connection failed its RSET", metadata: ["error": "\(error)"])
                    self.closed(entry.connection, quit: false)
                    continue
                }
            }
            if self.open < self.configuration.maxConnections {
                self.open += 1
                self.reportSize()
                let connection: SMTPClientConnection
                do throws(SMTPConnectionError) {
                    connection = try await self.connect()
                } catch {
                    self.open -= 1
                    self.reportSize()
                    self.wakeOne()
                    throw error
                }
                if self.isShutDown {
                    self.closed(connection, quit: true)
                    throw .shutDown
                }
                self.leased[ObjectIdentifier(connection)] = 0
                return connection
            }
            await withCheckedContinuation { self.waiters.append($0) }
        }
    }

    /// Gives a leased connection back after one message. `reusable` false (the transaction failed, the body
    /// was abandoned) closes it.
    public func release(_ connection: SMTPClientConnection, reusable: Bool) async {
        let messages = (self.leased.removeValue(forKey: ObjectIdentifier(connection)) ?? 0) + 1
        guard reusable, !self.isShutDown, messages < self.configuration.maxMessagesPerConnection else {
            self.closed(connection, quit: reusable)
            return
        }
        await self.park(connection, messages: messages)
    }

    /// QUITs the idle connections and refuses new leases; connections still leased are closed when released.
    public func shutdown() async {
        self.isShutDown = true
        self.sweeper?.cancel()
        self.sweeper = nil
        let idle = self.idle
        self.idle = []
        self.open -= idle.count
        self.reportSize()
        for waiter in self.waiters { waiter.resume() }
        self.waiters = []
        await withTaskGroup(of: Void.self) { group in
            for entry in idle { group.addTask { await entry.connection.quit() } }
        }
    }

    // MARK: -

    private func connect() async throws(SMTPConnectionError) -> SMTPClientConnection {
        var configuration = self.clientConfiguration
        if let provider = self.upstream.credentials {
            do {
                let secret = try await provider.secret()
                switch provider.kind {
                case .password: configuration.password = secret
                case .oauth2Token: configuration.oauth2Token = secret
                }
            } catch {
                throw .credentialsUnavailable("\(error)")
            }
        }
        return try await SMTPClientConnection.connect(
            to: self.upstream, configuration: configuration, tlsContext: self.tlsContext, group: self.group, logger: self.logger)
    }

    /// Checked here rather than at release: the health check needs the event loop.
    private func park(_ connection: SMTPClientConnection, messages: Int) async {
        guard await connection.isUsable, !self.isShutDown else {
            self.closed(connection, quit: true)
            return
        }
        // A waiting relay takes it from the idle list, so the same RSET check applies.
        self.idle.append(Idle(connection: connection, messages: messages, since: .now))
        self.wakeOne()
        self.reportSize()
        self.startSweeper()
    }

    private func closed(_ connection: SMTPClientConnection, quit: Bool) {
        self.open -= 1
        self.reportSize()
        self.wakeOne()
        Task {
            if quit { await connection.quit() } else { await connection.close() }
        }
    }

    private func wakeOne() {
        if !self.waiters.isEmpty { self.waiters.removeFirst().resume() }
    }

    private func dropExpired(at now: ContinuousClock.Instant) {
        let expired = self.idle.filter { now - $0.since >= self.configuration.idleTimeout }
        guard !expired.isEmpty else { return }
        self.idle.removeAll { now - $0.since >= self.configuration.idleTimeout }
        for entry in expired { self.closed(entry.connection, quit: true) }
    }

    private func startSweeper() {
        guard self.sweeper == nil else { return }
        let interval = self.configuration.idleTimeout
        self.sweeper = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval / 2)
                self.dropExpired(at: .now)
                if self.idle.isEmpty { break }
            }
            self.sweeper = nil
        }
    }

    private func reportSize() {
        self.metrics.pool(open: self.open, idle: self.idle.count)
    }
}
