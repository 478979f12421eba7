import Logging
import Metrics
import NIOCore
import NIOPosix
import SMTPProtocol
import Synchronization
import TLS

/// Hands messages to a set of upstream smarthosts: one pool of sessions per upstream, lower priority first,
/// failover at once when an upstream cannot take the message before its body is sent, and a circuit breaker
/// that skips a failing upstream for a while.
public final class SMTPRelayClient: Sendable {
    private struct Entry: Sendable {
        var upstream: SMTPUpstream
        var pool: SMTPConnectionPool
        var metrics: SMTPClientMetrics
    }

    private struct State {
        var breakers: [SMTPCircuitBreaker]
        var rotation = 0
    }

    private let entries: [Entry]
    private let state: Mutex<State>
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger

    /// - Parameters:
    ///   - now: the clock of the circuit breakers (injected for tests).
    /// - Throws: `.tlsConfiguration` when an upstream's `caFile` cannot be loaded.
    public init(
        upstreams: [SMTPUpstream], configuration: SMTPRelayClientConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "mailgate.relay"),
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws(SMTPConnectionError) {
        let session = SMTPClientConfiguration(
            heloName: configuration.heloName, tlsMode: .startTLS, allowPlaintextAuth: configuration.allowPlaintextAuth,
            timeouts: configuration.timeouts, chunking: configuration.chunking)
        var entries: [Entry] = []
        for upstream in upstreams {
            var tlsContext: TLSContext?
            if upstream.tlsMode != .none {
                var tls = TLSConfiguration.client(trustRoots: upstream.caFile.map { .file($0) } ?? .system)
                tls.minimumVersion = .tls1_2
                tls.handshakeTimeout = TimeAmount(configuration.timeouts.connect)
                do throws(TLSError) {
                    tlsContext = try TLSContext(configuration: tls)
                } catch {
                    throw .tlsConfiguration(error)
                }
            }
            let metrics = SMTPClientMetrics(upstream: upstream.description, factory: metricsFactory)
            var poolLogger = logger
            poolLogger[metadataKey: "upstream"] = "\(upstream)"
            let pool = SMTPConnectionPool(
                upstream: upstream, configuration: configuration.pool, clientConfiguration: session, tlsContext: tlsContext, group: group,
                logger: poolLogger, metrics: metrics)
            metrics.circuit(.closed)
            entries.append(Entry(upstream: upstream, pool: pool, metrics: metrics))
        }
        self.entries = entries
        let breaker = SMTPCircuitBreaker(backOff: configuration.circuitBackOff, maximumBackOff: configuration.maximumCircuitBackOff)
        self.state = Mutex(State(breakers: Array(repeating: breaker, count: entries.count)))
        self.now = now
        self.logger = logger
    }

    public var upstreams: [SMTPUpstream] { self.entries.map(\.upstream) }

    /// Relays one message: the envelope, its size in octets (sent as `SIZE=`, checked against the server's
    /// limit before anything is sent) and its body. The body is read at most once, only after an upstream
    /// answered DATA with 354; it is never read for an upstream that refused earlier, so failover needs no
    /// second copy.
    public func relay(
        _ message: SMTPClientMessage, size: Int, body: some AsyncSequence<ByteBuffer, any Error> & Sendable
    ) async -> SMTPRelayResult {
        var message = message
        if message.parameters.size == nil, size >= 0 { message.parameters.size = UInt64(size) }
        guard !self.entries.isEmpty else { return .failed(SMTPRelayFailure(reason: .noUpstreams, isPermanent: false)) }
        var attempts: [SMTPRelayAttempt] = []
        for index in self.order() {
            let entry = self.entries[index]
            let name = entry.upstream.description
            guard self.allows(index) else {
                entry.metrics.attempt(.skipped)
                attempts.append(SMTPRelayAttempt(upstream: name, outcome: .circuitOpen))
                continue
            }
            let started = ContinuousClock.now
            let connection: SMTPClientConnection
            do throws(SMTPConnectionError) {
                connection = try await entry.pool.lease()
            } catch {
                if error == .shutDown { return .failed(SMTPRelayFailure(reason: .shutDown, isPermanent: false, attempts: attempts)) }
                self.logger.info("upstream unavailable", metadata: ["upstream": "\(name)", "error": "\(error)"])
                entry.metrics.attempt(Self.metricResult(error))
                self.failed(index)
                attempts.append(SMTPRelayAttempt(upstream: name, outcome: .failed(error)))
                continue
            }
            switch await connection.send(message, body: body) {
            case .completed(let report):
                let unavailable = report.refusal == nil && !report.results.isEmpty && report.results.allSatisfy { $0.reply.code == 421 }
                await entry.pool.release(connection, reusable: !unavailable)
                if unavailable {
                    self.logger.info("upstream answered 421", metadata: ["upstream": "\(name)"])
                    entry.metrics.attempt(.sessionFailed)
                    self.failed(index)
                    attempts.append(SMTPRelayAttempt(upstream: name, outcome: .serviceUnavailable))
                    continue
                }
                self.succeeded(index)
                if let refusal = report.refusal {
                    entry.metrics.attempt(.refused)
                    return .failed(SMTPRelayFailure(reason: .refused(refusal), isPermanent: refusal.isPermanent, upstream: name, attempts: attempts))
                }
                entry.metrics.attempt(.replied)
                entry.metrics.relayed(after: ContinuousClock.now - started)
                return .replied(SMTPRelayReport(upstream: name, results: report.results, skipped: attempts))
            case .failed(let error, let bodyStarted):
                await entry.pool.release(connection, reusable: false)
                if case .bodyUnavailable = error {
                    // Our store failed, not the upstream: its circuit stays as it was.
                    self.logger.info("message body unavailable", metadata: ["upstream": "\(name)", "error": "\(error)"])
                    entry.metrics.attempt(.bodyUnavailable)
                    self.succeeded(index)
                    return .failed(SMTPRelayFailure(reason: .transactionFailed(error), isPermanent: false, upstream: name, attempts: attempts))
                }
                self.failed(index)
                self.logger.info("upstream session failed", metadata: ["upstream": "\(name)", "error": "\(error)", "body_started": "\(bodyStarted)"])
                if bodyStarted {
                    entry.metrics.attempt(.lostInTransaction)
                    return .failed(SMTPRelayFailure(reason: .transactionFailed(error), isPermanent: false, upstream: name, attempts: attempts))
                }
                entry.metrics.attempt(Self.metricResult(error))
                attempts.append(SMTPRelayAttempt(upstream: name, outcome: .failed(error)))
            }
        }
        return .failed(SMTPRelayFailure(reason: .noUpstreamAvailable, isPermanent: false, attempts: attempts))
    }

    /// QUITs every idle connection and refuses further relays.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for entry in self.entries { group.addTask { await entry.pool.shutdown() } }
        }
    }

    /// Open and idle connections of each upstream's pool, in configuration order.
    public func poolSizes() async -> [(upstream: String, open: Int, idle: Int)] {
        var sizes: [(upstream: String, open: Int, idle: Int)] = []
        for entry in self.entries {
            sizes.append((entry.upstream.description, await entry.pool.openConnections, await entry.pool.idleConnections))
        }
        return sizes
    }

    // MARK: -

    private func order() -> [Int] {
        let rotation = self.state.withLock { state in
            defer { state.rotation &+= 1 }
            return state.rotation
        }
        return SMTPUpstreamOrder.order(priorities: self.entries.map(\.upstream.priority), rotation: rotation)
    }

    private func allows(_ index: Int) -> Bool {
        let now = self.now()
        let (allowed, state) = self.state.withLock { ($0.breakers[index].allows(at: now), $0.breakers[index].state) }
        self.entries[index].metrics.circuit(state)
        return allowed
    }

    private func succeeded(_ index: Int) {
        let state = self.state.withLock {
            $0.breakers[index].succeeded()
            return $0.breakers[index].state
        }
        self.entries[index].metrics.circuit(state)
    }

    private func failed(_ index: Int) {
        let now = self.now()
        let state = self.state.withLock {
            $0.breakers[index].failed(at: now)
            return $0.breakers[index].state
        }
        self.entries[index].metrics.circuit(state)
    }

    private static func metricResult(_ error: SMTPConnectionError) -> SMTPClientMetrics.AttemptResult {
        switch error {
        case .connectFailed: return .connectFailed
        case .tls, .tlsConfiguration: return .tlsFailed
        case .session(.tlsUnavailable): return .tlsFailed
        case .session, .credentialsUnavailable, .bodyUnavailable, .shutDown: return .sessionFailed
        }
    }
}
