import Metrics

/// Counters and timers the stores update as they work. Gauges (depth, age) are sampled by
/// `QueueMetricsReporter`, since they are properties of the shared store, not of one replica.
struct QueueMetrics: Sendable {
    let store: String
    private let factory: any MetricsFactory
    private let commits: Counter
    private let committedWrites: Counter
    private let commitDuration: Timer
    private let enqueuedMessages: Counter
    private let enqueuedBytes: Counter

    init(store: String, factory: (any MetricsFactory)?) {
        let factory = factory ?? MetricsSystem.factory
        self.store = store
        self.factory = factory
        let dimensions = [("store", store)]
        self.commits = Counter(label: "mailgate_queue_commits_total", dimensions: dimensions, factory: factory)
        self.committedWrites = Counter(label: "mailgate_queue_committed_writes_total", dimensions: dimensions, factory: factory)
        self.commitDuration = Timer(label: "mailgate_queue_commit_duration_seconds", dimensions: dimensions, factory: factory)
        self.enqueuedMessages = Counter(label: "mailgate_queue_enqueued_messages_total", dimensions: dimensions, factory: factory)
        self.enqueuedBytes = Counter(label: "mailgate_queue_enqueued_bytes_total", dimensions: dimensions, factory: factory)
    }

    func recordCommit(writes: Int, duration: Duration) {
        self.commits.increment()
        self.committedWrites.increment(by: writes)
        self.commitDuration.recordNanoseconds(duration.nanoseconds)
    }

    func recordEnqueued(bytes: Int) {
        self.enqueuedMessages.increment()
        self.enqueuedBytes.increment(by: bytes)
    }

    func recordAttempt(kind: JobKind) {
        Counter(
            label: "mailgate_queue_delivery_attempts_total", dimensions: [("store", self.store), ("kind", kind.rawValue)],
            factory: self.factory
        )
            .increment()
    }

    func recordOutcome(kind: JobKind, outcome: String) {
        Counter(
            label: "mailgate_queue_job_outcomes_total",
            dimensions: [("store", self.store), ("kind", kind.rawValue), ("outcome", outcome)],
            factory: self.factory
        ).increment()
    }
}
