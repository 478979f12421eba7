import Metrics
import SMTPProtocol
import TLS

/// The metrics of one listener (names in ``SMTPMetricName``). The factory is injected so tests can read
/// the values without bootstrapping the process-wide metrics system.
struct SMTPMetrics: Sendable {
    enum AuthResult: String {
        case success, failure
        case lockedOut = "locked_out"
        case error
    }

    private let listener: String
    private let factory: any MetricsFactory
    private let sessions: Counter
    private let activeSessions: Meter
    private let refusedConnections: Counter
    private let acceptedMessages: Counter
    private let acceptedBytes: Counter

    init(listener: String, factory: (any MetricsFactory)?) {
        let factory = factory ?? MetricsSystem.factory
        self.listener = listener
        self.factory = factory
        let dimensions = [("listener", listener)]
        self.sessions = Counter(label: SMTPMetricName.sessions, dimensions: dimensions, factory: factory)
        self.activeSessions = Meter(label: SMTPMetricName.activeSessions, dimensions: dimensions, factory: factory)
        self.refusedConnections = Counter(label: SMTPMetricName.refusedConnections, dimensions: dimensions, factory: factory)
        self.acceptedMessages = Counter(label: SMTPMetricName.acceptedMessages, dimensions: dimensions, factory: factory)
        self.acceptedBytes = Counter(label: SMTPMetricName.acceptedBytes, dimensions: dimensions, factory: factory)
    }

    func sessionOpened() {
        self.sessions.increment()
        self.activeSessions.increment()
    }

    func sessionClosed() {
        self.activeSessions.decrement()
    }

    func connectionRefused() {
        self.refusedConnections.increment()
        self.rejected(.connectionLimit)
    }

    func tlsHandshake(_ result: TLSHandshakeResult, version: String?) {
        Counter(
            label: SMTPMetricName.tlsHandshakes,
            dimensions: [("listener", self.listener), ("result", result.rawValue), ("version", version ?? "none")],
            factory: self.factory
        ).increment()
    }

    func authentication(_ result: AuthResult, mechanism: SMTPAuthMechanism) {
        Counter(
            label: SMTPMetricName.authentications,
            dimensions: [("listener", self.listener), ("mechanism", "\(mechanism)".lowercased()), ("result", result.rawValue)],
            factory: self.factory
        ).increment()
    }

    func accepted(bytes: Int) {
        self.acceptedMessages.increment()
        self.acceptedBytes.increment(by: bytes)
    }

    func rejected(_ reason: SMTPRejectionReason) {
        Counter(
            label: SMTPMetricName.rejections, dimensions: [("listener", self.listener), ("reason", reason.rawValue)],
            factory: self.factory
        ).increment()
    }
}
