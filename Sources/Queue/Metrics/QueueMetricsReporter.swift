import Foundation
import Metrics

/// Samples queue depth per kind and state, and the age of the oldest pending job, into gauges.
/// Run one per process; with a shared PostgreSQL every replica reports the same global figures.
public struct QueueMetricsReporter<C: Clock>: Sendable where C.Duration == Duration {
    private let store: any QueueStore
    private let interval: Duration
    private let clock: C

    public init(store: any QueueStore, interval: Duration = .seconds(15), clock: C) {
        self.store = store
        self.interval = interval
        self.clock = clock
    }

    /// Reports until cancelled.
    public func run() async throws {
        while !Task.isCancelled {
            try await self.report()
            try await self.clock.sleep(for: self.interval)
        }
    }

    /// One sample; returns the statistics it reported.
    @discardableResult
    public func report() async throws -> QueueStatistics {
        let statistics = try await self.store.statistics()
        let now = self.store.clock.now()
        let factory = self.store.configuration.metricsFactory ?? MetricsSystem.factory
        var kinds = Set(statistics.jobCounts.keys)
        kinds.formUnion([.inboundDeliver, .outboundRelay, .eventDeliver])
        for kind in kinds {
            for state in JobState.allCases {
                Gauge(
                    label: "mailgate_queue_jobs", dimensions: [("kind", kind.rawValue), ("state", state.rawValue)],
                    factory: factory
                )
                    .record(statistics.count(kind: kind, state: state))
            }
            let age = statistics.oldestPendingJob[kind].map { max(0, now.timeIntervalSince($0)) } ?? 0
            Gauge(label: "mailgate_queue_oldest_job_age_seconds", dimensions: [("kind", kind.rawValue)], factory: factory)
                .record(age)
        }
        Gauge(label: "mailgate_queue_messages", factory: factory).record(statistics.messageCount)
        return statistics
    }
}

extension QueueMetricsReporter where C == ContinuousClock {
    public init(store: any QueueStore, interval: Duration = .seconds(15)) {
        self.init(store: store, interval: interval, clock: ContinuousClock())
    }
}
