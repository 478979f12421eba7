/// Whether an upstream is tried: after a failure it is skipped for a back-off period (doubling with each
/// failed probe, up to a maximum), then one relay probes it while the others keep skipping it.
public struct SMTPCircuitBreaker: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case closed
        case open(until: ContinuousClock.Instant)
        /// A probe is in flight.
        case halfOpen
    }

    public private(set) var state = State.closed
    public let backOff: Duration
    public let maximumBackOff: Duration
    private var consecutiveOpenings = 0

    public init(backOff: Duration, maximumBackOff: Duration) {
        self.backOff = backOff
        self.maximumBackOff = maximumBackOff
    }

    /// Asked right before trying the upstream: false means skip it. An expired back-off lets this caller
    /// through as the probe.
    public mutating func allows(at now: ContinuousClock.Instant) -> Bool {
        switch self.state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            self.state = .halfOpen
            return true
        }
    }

    public mutating func succeeded() {
        self.state = .closed
        self.consecutiveOpenings = 0
    }

    public mutating func failed(at now: ContinuousClock.Instant) {
        var delay = self.backOff
        for _ in 0..<min(self.consecutiveOpenings, 16) where delay < self.maximumBackOff { delay *= 2 }
        self.consecutiveOpenings += 1
        self.state = .open(until: now + min(delay, self.maximumBackOff))
    }
}
