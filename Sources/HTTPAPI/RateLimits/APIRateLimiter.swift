import Foundation
import Prometheus
import Synchronization

/// The token buckets of every API key, in this process only: with several replicas each one counts what it
/// serves, so a key's effective limit is the configured one times the replicas its requests reach.
public final class APIRateLimiter: Sendable {
    private struct BucketID: Hashable {
        var key: String
        var kind: RateLimitKind
    }

    private let limits: APIRateLimits
    private let now: @Sendable () -> Duration
    private let registry: PrometheusCollectorRegistry
    /// One bucket per configured key and kind at most, so the map stays as small as the keys file.
    private let buckets = Mutex<[BucketID: TokenBucket]>([:])

    /// - Parameter now: a monotonic reading; tests give a manual one.
    public init(
        limits: APIRateLimits, registry: PrometheusCollectorRegistry,
        now: @escaping @Sendable () -> Duration = APIRateLimiter.monotonicNow
    ) {
        self.limits = limits
        self.registry = registry
        self.now = now
    }

    private static let origin = ContinuousClock.now
    public static let monotonicNow: @Sendable () -> Duration = { ContinuousClock.now - origin }

    /// One request by `key`; nil when the key has no request limit.
    func admitRequest(key: String) -> RateLimitDecision? {
        take(1, kind: .requests, limit: limits.limits(for: key).requests, key: key)
    }

    /// A send to `count` envelope recipients by `key`; nil when the key has no recipient limit.
    func admitRecipients(_ count: Int, key: String) -> RateLimitDecision? {
        take(count, kind: .recipients, limit: limits.limits(for: key).recipients, key: key)
    }

    private func take(_ count: Int, kind: RateLimitKind, limit: RateLimit?, key: String) -> RateLimitDecision? {
        guard let limit else { return nil }
        let now = self.now()
        let decision = buckets.withLock { buckets in
            let id = BucketID(key: key, kind: kind)
            var bucket = buckets[id] ?? TokenBucket(limit: limit, now: now)
            let decision = bucket.take(count, now: now)
            buckets[id] = bucket
            return decision
        }
        if case .refused = decision {
            registry.makeCounter(
                name: "mailgate_http_rate_limited_total", labels: [("key", key), ("limit", kind.rawValue)],
                help: "API requests refused with 429 for the key's rate limit"
            ).increment()
        }
        return decision
    }
}
