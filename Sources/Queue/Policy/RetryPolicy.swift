import Foundation

/// Exponential backoff with jitter, bounded by a number of attempts and by an age.
///
/// Pure: the caller supplies `now` (from the store's injected clock) and the random source, so
/// every decision is reproducible in tests.
public struct RetryPolicy: Sendable, Hashable {
    public var initialDelay: Duration
    public var multiplier: Double
    public var maximumDelay: Duration
    /// Fraction of each delay that is randomised away: the delay is `d * (1 - jitter * u)`, u in [0, 1).
    /// Spreads retries of a burst that failed together (e.g. a webhook outage).
    public var jitter: Double
    public var maximumAttempts: Int
    /// Measured from the job's creation (or last operator retry). Postfix's default is 5 days.
    public var maximumAge: Duration

    public init(
        initialDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        maximumDelay: Duration = .seconds(3600),
        jitter: Double = 0.2,
        maximumAttempts: Int = 30,
        maximumAge: Duration = .seconds(5 * 24 * 3600)
    ) {
        precondition(maximumAttempts >= 1, "maximumAttempts must be at least 1")
        precondition((0...1).contains(jitter), "jitter must be within 0...1")
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.jitter = jitter
        self.maximumAttempts = maximumAttempts
        self.maximumAge = maximumAge
    }

    public static let `default` = RetryPolicy()

    /// Delay before the attempt that follows attempt number `attempt` (1-based), before jitter.
    public func baseDelay(afterAttempt attempt: Int) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let seconds = self.initialDelay.timeInterval * pow(self.multiplier, exponent)
        let capped = min(seconds, self.maximumDelay.timeInterval)
        return .milliseconds(Int64((capped * 1000).rounded()))
    }

    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = self.baseDelay(afterAttempt: attempt)
        guard self.jitter > 0 else { return base }
        let unit = Double.random(in: 0..<1, using: &generator)
        let factor = 1 - self.jitter * unit
        return .milliseconds(Int64((base.timeInterval * factor * 1000).rounded()))
    }

    /// Decides the fate of a job whose attempt number `attempts` just failed.
    public func decide(
        attempts: Int,
        cycleStartedAt: Date,
        now: Date,
        failure: JobFailure,
        using generator: inout some RandomNumberGenerator
    ) -> RetryDecision {
        if failure.permanent {
            return .failed(reason: failure.message)
        }
        if attempts >= self.maximumAttempts {
            return .dead(reason: "gave up after \(attempts) attempts (maximum \(self.maximumAttempts)); last error: \(failure.message)")
        }
        let deadline = cycleStartedAt.adding(self.maximumAge)
        if now >= deadline {
            return .dead(reason: "gave up after \(Self.format(self.maximumAge)) in the queue (\(attempts) attempts); last error: \(failure.message)")
        }
        var delay = self.delay(afterAttempt: attempts, using: &generator)
        if let retryAfter = failure.retryAfter, retryAfter > delay {
            delay = retryAfter
        }
        // One last attempt at the deadline rather than giving up early.
        let next = min(now.adding(delay), deadline)
        return .retry(at: next)
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = Int64(duration.timeInterval)
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
