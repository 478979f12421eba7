/// The minimum data rate against slow clients: while a message body is being received, the client must
/// deliver at least `minimumRate` octets per second on average over each `window`; the first window is
/// the grace period in which a slow start is forgiven. A client that stops sending altogether is left to
/// the data timeout; this catches one that trickles just fast enough never to trigger it.
///
/// Pure: the caller passes the time of every observation.
public struct SMTPDataRateMonitor: Sendable {
    public let minimumRate: Int
    public let window: Duration
    private var windowStart: ContinuousClock.Instant?
    private var octetsInWindow = 0

    public init(minimumRate: Int, window: Duration) {
        self.minimumRate = minimumRate
        self.window = window
    }

    public var isRunning: Bool { self.windowStart != nil }

    /// A message body begins (or the server stopped reading for reasons of its own and resumes: the
    /// time it held reads must not count against the client).
    public mutating func start(at now: ContinuousClock.Instant) {
        guard self.minimumRate > 0 else { return }
        self.windowStart = now
        self.octetsInWindow = 0
    }

    public mutating func stop() {
        self.windowStart = nil
        self.octetsInWindow = 0
    }

    /// Records octets read at `now`; true when a window has ended below the minimum rate.
    public mutating func received(_ octets: Int, at now: ContinuousClock.Instant) -> Bool {
        guard let windowStart = self.windowStart else { return false }
        self.octetsInWindow += octets
        let elapsed = now - windowStart
        guard elapsed >= self.window else { return false }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if Double(self.octetsInWindow) < Double(self.minimumRate) * seconds { return true }
        self.windowStart = now
        self.octetsInWindow = 0
        return false
    }
}
