import NIOCore

/// Slows down and then locks out password guessing: per client network and per user from that network, each
/// failure doubles the delay before the next answer, and too many failures in a window lock the key out for a
/// while. Time is passed in, so the policy is tested without sleeping.
///
/// An attempt is counted when it begins, before its password is checked: parallel connections then cannot each
/// get a guess in before the lockout is recorded. A success takes its own count back.
///
/// The client is an IPv4 address or an IPv6 network (`ipv6Prefix`, /64: one host holds a whole /64). The user is
/// counted per client network too (a /24 for IPv4), so guessing a user's password from one place locks that user
/// out there only, not everywhere: a lockout is not a way to deny a user service.
public struct AuthThrottle: Sendable {
    public struct Policy: Sendable, Equatable {
        /// Delay after the first failure; doubled per further failure, up to `maximumDelay`.
        public var baseDelay: Duration
        public var maximumDelay: Duration
        /// Failures within `window` that lock the key out.
        public var lockoutThreshold: Int
        public var window: Duration
        public var lockoutDuration: Duration
        /// The IPv6 network counted as one client (IPv4 clients are counted per address).
        public var ipv6Prefix: Int

        public init(
            baseDelay: Duration = .milliseconds(250), maximumDelay: Duration = .seconds(8),
            lockoutThreshold: Int = 10, window: Duration = .seconds(600), lockoutDuration: Duration = .seconds(900),
            ipv6Prefix: Int = 64
        ) {
            self.baseDelay = baseDelay
            self.maximumDelay = maximumDelay
            self.lockoutThreshold = lockoutThreshold
            self.window = window
            self.lockoutDuration = lockoutDuration
            self.ipv6Prefix = ipv6Prefix
        }
    }

    /// What to do with an attempt before checking the password.
    public enum Verdict: Sendable, Equatable {
        /// Check it, answering no sooner than after `delay`.
        case proceed(delay: Duration)
        /// Refuse without checking, temporarily (454 4.7.0), until `until`.
        case lockedOut(until: ContinuousClock.Instant)
    }

    /// The throttle keys of one attempt.
    public struct Keys: Sendable, Hashable {
        /// The client: its IPv4 address or its IPv6 network.
        public var client: String
        /// The user from the client's /24 or IPv6 network.
        public var user: String
    }

    private struct Record {
        var failures: Int
        var firstFailure: ContinuousClock.Instant
        var lockedUntil: ContinuousClock.Instant?
        /// When the key was last used, in `order`'s sequence.
        var stamp: UInt64

        func isLocked(at now: ContinuousClock.Instant) -> Bool { lockedUntil.map { now < $0 } ?? false }
    }

    public let policy: Policy
    private var records: [String: Record] = [:]
    /// Keys from least to most recently used; an entry whose stamp is no longer its record's is stale and skipped.
    private var order = CircularBuffer<(key: String, stamp: UInt64)>()
    private var clock: UInt64 = 0
    /// Bounds memory under a spray of distinct clients or user names.
    private let maximumTrackedKeys: Int

    public init(policy: Policy = Policy(), maximumTrackedKeys: Int = 100_000) {
        self.policy = policy
        self.maximumTrackedKeys = max(1, maximumTrackedKeys)
    }

    public var trackedKeys: Int { records.count }

    public func keys(user: String, remoteIP: String) -> Keys {
        let client = IPNetwork(containing: remoteIP, ipv4Prefix: 32, ipv6Prefix: policy.ipv6Prefix)
        let network = IPNetwork(containing: remoteIP, ipv4Prefix: 24, ipv6Prefix: policy.ipv6Prefix)
        return Keys(
            client: "ip:" + (client.map { "\($0)" } ?? remoteIP),
            user: "user:" + user.lowercased() + " from " + (network.map { "\($0)" } ?? remoteIP))
    }

    /// An attempt begins: refused while either key is locked out, else counted at once and checked after `delay`.
    public mutating func beginAttempt(_ keys: Keys, now: ContinuousClock.Instant) -> Verdict {
        var delay = Duration.zero
        for key in [keys.client, keys.user] {
            guard var record = records[key] else { continue }
            if let until = record.lockedUntil {
                if now < until { return .lockedOut(until: until) }
                record.lockedUntil = nil
                record.failures = 0
                record.firstFailure = now
            } else if now - record.firstFailure > policy.window {
                record.failures = 0
                record.firstFailure = now
            }
            records[key] = record
            delay = max(delay, delayAfter(failures: record.failures))
        }
        for key in [keys.client, keys.user] { count(key, now: now) }
        return .proceed(delay: delay)
    }

    /// The password was right: the attempt's count is taken back from the client (a spray from it keeps its
    /// other failures), and the user's record from that network is cleared.
    public mutating func attemptSucceeded(_ keys: Keys) {
        records[keys.user] = nil
        guard var record = records[keys.client] else { return }
        record.failures -= 1
        if record.failures < policy.lockoutThreshold { record.lockedUntil = nil }
        records[keys.client] = record.failures > 0 ? record : nil
    }

    private mutating func count(_ key: String, now: ContinuousClock.Instant) {
        if records[key] == nil {
            guard makeRoom(now: now) else { return }
        }
        var record = records[key] ?? Record(failures: 0, firstFailure: now, lockedUntil: nil, stamp: 0)
        record.failures += 1
        if record.failures >= policy.lockoutThreshold, record.lockedUntil == nil {
            record.lockedUntil = now + policy.lockoutDuration
        }
        clock += 1
        record.stamp = clock
        records[key] = record
        order.append((key, clock))
        if order.count > 2 * max(records.count, 64) { compact() }
    }

    /// Evicts least recently used keys until one more fits, never a live lockout; false when every key tracked
    /// is one (the new key then goes uncounted rather than memory growing).
    private mutating func makeRoom(now: ContinuousClock.Instant) -> Bool {
        var remaining = order.count
        while records.count >= maximumTrackedKeys, remaining > 0, let (key, stamp) = order.popFirst() {
            remaining -= 1
            guard let record = records[key], record.stamp == stamp else { continue }
            if record.isLocked(at: now) {
                order.append((key, stamp))
            } else {
                records[key] = nil
            }
        }
        return records.count < maximumTrackedKeys
    }

    /// Drops the stale entries of `order`, keeping its order.
    private mutating func compact() {
        let live = order.filter { records[$0.key]?.stamp == $0.stamp }
        order = CircularBuffer(live)
    }

    private func delayAfter(failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = policy.baseDelay
        for _ in 1..<min(failures, 32) where delay < policy.maximumDelay { delay *= 2 }
        return min(delay, policy.maximumDelay)
    }
}
