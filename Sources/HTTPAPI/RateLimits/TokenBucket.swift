import Queue

/// A token bucket for one `RateLimit`. Pure: time is a value (a monotonic reading since any origin), so the
/// arithmetic is tested without a clock or a sleep.
struct TokenBucket: Sendable, Hashable {
    let limit: RateLimit
    private(set) var tokens: Double
    private(set) var updated: Duration

    init(limit: RateLimit, now: Duration) {
        self.limit = limit
        self.tokens = Double(limit.capacity)
        self.updated = now
    }

    /// Tokens per second.
    var rate: Double { Double(limit.capacity) / limit.period.timeInterval }

    /// Takes `count` tokens if the bucket holds them; otherwise takes nothing.
    mutating func take(_ count: Int, now: Duration) -> RateLimitDecision {
        refill(now: now)
        let needed = Double(count)
        guard needed <= tokens else {
            // A request larger than the whole bucket can never fit; it is told to wait a full period.
            let wait = needed > Double(limit.capacity) ? limit.period.timeInterval : (needed - tokens) / rate
            return .refused(status(), retryAfter: max(1, Self.wholeSeconds(wait)))
        }
        tokens -= needed
        return .allowed(status())
    }

    /// The bucket as it stands at `now`, without taking anything.
    mutating func peek(now: Duration) -> RateLimitStatus {
        refill(now: now)
        return status()
    }

    private mutating func refill(now: Duration) {
        // A clock that steps back (it should not: it is monotonic) adds nothing rather than draining.
        let elapsed = max(0, (now - updated).timeInterval)
        tokens = min(Double(limit.capacity), tokens + elapsed * rate)
        updated = max(updated, now)
    }

    private func status() -> RateLimitStatus {
        let missing = Double(limit.capacity) - tokens
        return RateLimitStatus(
            limit: limit.capacity, remaining: Int(tokens.rounded(.down)),
            reset: missing <= 0 ? 0 : Self.wholeSeconds(missing / rate))
    }

    /// Rounded up, so a client that waits that long finds the tokens there; a hair of floating-point error
    /// does not add a second.
    static func wholeSeconds(_ seconds: Double) -> Int {
        Int((seconds - 1e-9).rounded(.up))
    }
}
