/// Slows down and then locks out password guessing: per client IP and per user name, each failure
/// doubles the delay before the next answer, and too many failures in a window lock the key out for a
/// while. Time is passed in, so the policy is tested without sleeping.
public struct AuthThrottle: Sendable {
    public struct Policy: Sendable, Equatable {
        /// Delay after the first failure; doubled per further failure, up to `maximumDelay`.
        public var baseDelay: Duration
        public var maximumDelay: Duration
        /// Failures within `window` that lock the key out.
        public var lockoutThreshold: Int
        public var window: Duration
        public var lockoutDuration: Duration

        public init(
            baseDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(8),
            lockoutThreshold: Int = 10, window: Duration = .seconds(600), lockoutDuration: Duration = .seconds(900)
        ) {
            self.baseDelay = baseDelay
            self.maximumDelay = maximumDelay
            self.lockoutThreshold = lockoutThreshold
            self.window = window
            self.lockoutDuration = lockoutDuration
        }
    }

    /// What to do with an attempt before checking the password.
    public enum Verdict: Sendable, Equatable {
        /// Check it, answering no sooner than after `delay`.
        case proceed(delay: Duration)
        /// Refuse without checking, temporarily (454 4.7.0), until `until`.
        case lockedOut(until: ContinuousClock.Instant)
    }

    private struct Record {
        var failures: Int
        var firstFailure: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
    }

    public let policy: Policy
    private var records: [String: Record] = [:]
    /// Bounds memory under a spray of distinct IPs or user names.
    private let maximumTrackedKeys: Int

    public init(policy: Policy = Policy(), maximumTrackedKeys: Int = 100_000) {
        self.policy = policy
        self.maximumTrackedKeys = maximumTrackedKeys
    }

    public mutating func verdict(keys: [String], now: ContinuousClock.Instant) -> Verdict {
        var delay = Duration.zero
        for key in keys {
            guard var record = records[key] else { continue }
            if now - record.firstFailure > policy.window && (record.lockedUntil.map { now >= $0 } ?? true) {
                records[key] = nil
                continue
            }
            if let until = record.lockedUntil {
                if now < until { return .lockedOut(until: until) }
                record.lockedUntil = nil
                record.failures = 0
                record.firstFailure = now
                records[key] = record
                continue
            }
            delay = max(delay, delayAfter(failures: record.failures))
        }
        return .proceed(delay: delay)
    }

    public mutating func recordFailure(keys: [String], now: ContinuousClock.Instant) {
        if records.count >= maximumTrackedKeys { prune(now: now) }
        for key in keys {
            var record = records[key] ?? Record(failures: 0, firstFailure: now, lockedUntil: nil)
            if now - record.firstFailure > policy.window {
                record = Record(failures: 0, firstFailure: now, lockedUntil: nil)
            }
            record.failures += 1
            if record.failures >= policy.lockoutThreshold {
                record.lockedUntil = now + policy.lockoutDuration
            }
            records[key] = record
        }
    }

    /// A success clears the user's record, not the IP's: one good password must not reset a spray.
    public mutating func recordSuccess(user: String) {
        records[Self.userKey(user)] = nil
    }

    public static func ipKey(_ ip: String) -> String { "ip:" + ip }
    public static func userKey(_ user: String) -> String { "user:" + user.lowercased() }

    private func delayAfter(failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = policy.baseDelay
        for _ in 1..<min(failures, 32) where delay < policy.maximumDelay { delay *= 2 }
        return min(delay, policy.maximumDelay)
    }

    private mutating func prune(now: ContinuousClock.Instant) {
        records = records.filter { _, record in
            now - record.firstFailure <= policy.window || (record.lockedUntil.map { now < $0 } ?? false)
        }
        if records.count >= maximumTrackedKeys { records.removeAll() }
    }
}
