import Metrics

/// The metrics of one upstream.
struct SMTPClientMetrics: Sendable {
    enum AttemptResult: String, Sendable {
        case replied
        case refused
        case connectFailed = "connect_failed"
        case tlsFailed = "tls_failed"
        case sessionFailed = "session_failed"
        case lostInTransaction = "lost_in_transaction"
        case bodyUnavailable = "body_unavailable"
        case skipped
    }

    let upstream: String
    let factory: any MetricsFactory
    private let openConnections: Gauge
    private let idleConnections: Gauge
    private let circuit: Gauge
    private let duration: Timer

    init(upstream: String, factory: any MetricsFactory) {
        self.upstream = upstream
        self.factory = factory
        self.openConnections = Gauge(
            label: SMTPClientMetricName.poolConnections, dimensions: [("upstream", upstream), ("state", "open")], factory: factory)
        self.idleConnections = Gauge(
            label: SMTPClientMetricName.poolConnections, dimensions: [("upstream", upstream), ("state", "idle")], factory: factory)
        self.circuit = Gauge(label: SMTPClientMetricName.circuitState, dimensions: [("upstream", upstream)], factory: factory)
        self.duration = Timer(label: SMTPClientMetricName.relayDuration, dimensions: [("upstream", upstream)], factory: factory)
    }

    func attempt(_ result: AttemptResult) {
        Counter(label: SMTPClientMetricName.attempts, dimensions: [("upstream", self.upstream), ("result", result.rawValue)], factory: self.factory)
            .increment()
    }

    func pool(open: Int, idle: Int) {
        self.openConnections.record(open)
        self.idleConnections.record(idle)
    }

    func circuit(_ state: SMTPCircuitBreaker.State) {
        switch state {
        case .closed: self.circuit.record(0)
        case .halfOpen: self.circuit.record(1)
        case .open: self.circuit.record(2)
        }
    }

    func relayed(after duration: Duration) {
        self.duration.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
