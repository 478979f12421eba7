import Metrics

/// Tuning shared by both store implementations.
public struct QueueConfiguration: Sendable {
    public var defaultRetryPolicy: RetryPolicy
    public var retryPolicies: [JobKind: RetryPolicy]
    public var retention: RetentionPolicy
    /// Body bytes are stored in chunks of this size; a writer holds at most one chunk in memory.
    public var chunkSize: Int
    /// Most writes one group commit may carry.
    public var maximumBatchSize: Int
    /// Run SQLite's `PRAGMA quick_check` at open (O(size of the file)).
    public var verifyIntegrityAtOpen: Bool
    /// PostgreSQL connection pool size.
    public var maximumConnections: Int
    /// Where the store's counters and timers go; `nil` uses the bootstrapped `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    public init(
        defaultRetryPolicy: RetryPolicy = .default,
        retryPolicies: [JobKind: RetryPolicy] = [:],
        retention: RetentionPolicy = RetentionPolicy(),
        chunkSize: Int = 256 * 1024,
        maximumBatchSize: Int = 256,
        verifyIntegrityAtOpen: Bool = true,
        maximumConnections: Int = 8,
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        precondition(chunkSize >= 1024, "chunkSize must be at least 1 KiB")
        precondition(maximumBatchSize >= 1, "maximumBatchSize must be at least 1")
        self.defaultRetryPolicy = defaultRetryPolicy
        self.retryPolicies = retryPolicies
        self.retention = retention
        self.chunkSize = chunkSize
        self.maximumBatchSize = maximumBatchSize
        self.verifyIntegrityAtOpen = verifyIntegrityAtOpen
        self.maximumConnections = maximumConnections
        self.metricsFactory = metricsFactory
    }

    public func retryPolicy(for kind: JobKind) -> RetryPolicy {
        self.retryPolicies[kind] ?? self.defaultRetryPolicy
    }
}
