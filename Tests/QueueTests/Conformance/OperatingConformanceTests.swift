import Foundation
import NIOCore
import MetricsTestKit
import Queue
import Testing

/// Statistics and retention: one suite, run against every store implementation.
@Suite("Conformance: operating")
struct OperatingConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func statisticsCountJobsPerKindAndState(_ kind: StoreKind) async throws {
        let metrics = TestMetrics()
        var configuration = QueueConfiguration()
        configuration.metricsFactory = metrics
        try await withStore(kind, configuration: configuration) { store, clock in
            try await Fixtures.enqueue(store, kind: .inboundDeliver, jobs: 2)
            clock.advance(by: .seconds(10))
            try await Fixtures.enqueue(store, kind: .outboundRelay, jobs: 3)
            let leased = try await store.lease(kinds: [.outboundRelay], limit: 2, owner: "w")
            try await store.complete(leased[0].lease)
            let statistics = try await store.statistics()
            #expect(statistics.messageCount == 2)
            #expect(statistics.count(kind: .inboundDeliver, state: .queued) == 2)
            #expect(statistics.count(kind: .outboundRelay, state: .queued) == 1)
            #expect(statistics.count(kind: .outboundRelay, state: .leased) == 1)
            #expect(statistics.count(kind: .outboundRelay, state: .delivered) == 1)
            #expect(statistics.oldestPendingJob[.inboundDeliver] == Fixtures.start)
            #expect(statistics.oldestPendingJob[.outboundRelay] == Fixtures.start.addingTimeInterval(10))
            #expect(statistics.oldestPendingJob[.eventDeliver] == nil)

            clock.advance(by: .seconds(50))
            let reported = try await QueueMetricsReporter(store: store).report()
            #expect(reported == statistics)
            let queued = try metrics.expectGauge("mailgate_queue_jobs", [("kind", "inbound.deliver"), ("state", "queued")])
            #expect(queued.lastValue == 2)
            let dead = try metrics.expectGauge("mailgate_queue_jobs", [("kind", "event.deliver"), ("state", "dead")])
            #expect(dead.lastValue == 0)
            let age = try metrics.expectGauge("mailgate_queue_oldest_job_age_seconds", [("kind", "inbound.deliver")])
            #expect(age.lastValue == 60)
            let attempts = try metrics.expectCounter(
                "mailgate_queue_delivery_attempts_total", [("store", kind.rawValue), ("kind", "outbound.relay")])
            #expect(attempts.totalValue == 2)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func retentionPrunesFinishedMessagesAndKeepsDeadOnes(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.retention = RetentionPolicy(completed: .seconds(3600), dead: nil, abandonedUpload: .seconds(600))
        configuration.chunkSize = 4096
        configuration.defaultRetryPolicy = RetryPolicy(jitter: 0, maximumAttempts: 1)
        try await withStore(kind, configuration: configuration) { store, clock in
            let delivered = try await Fixtures.enqueue(store, size: 10_000)
            let failed = try await Fixtures.enqueue(store)
            let dead = try await Fixtures.enqueue(store)
            let pending = try await Fixtures.enqueue(store)
            var leased = try await store.lease(limit: 3, owner: "w")
            #expect(leased.map(\.job.messageID) == [delivered.id, failed.id, dead.id])
            try await store.complete(leased[0].lease)
            _ = try await store.fail(leased[1].lease, .permanent("rejected"))
            _ = try await store.fail(leased[2].lease, .temporary("down"))
            #expect(try await store.job(dead.jobIDs[0])?.state == .dead)

            // A writer that spilled chunks and vanished (crash mid-DATA).
            let orphan = store.makeMessageWriter()
            try await orphan.append(contentsOf: Fixtures.body(size: 9000))

            clock.advance(by: .seconds(3599))
            #expect(try await store.prune() == PruneResult(messages: 0, abandonedChunks: 2))
            clock.advance(by: .seconds(1))
            #expect(try await store.prune() == PruneResult(messages: 2, abandonedChunks: 0))
            #expect(try await store.message(delivered.id) == nil)
            #expect(try await store.messageBody(delivered.id) == nil)
            #expect(try await store.jobs(for: delivered.id).isEmpty)
            #expect(try await store.events(for: delivered.id).isEmpty)
            #expect(try await store.message(failed.id) == nil)
            #expect(try await store.message(dead.id) != nil)
            #expect(try await store.message(pending.id) != nil)

            clock.advance(by: .seconds(86400 * 30))
            #expect(try await store.prune().messages == 0)
            try await store.retry(job: dead.jobIDs[0])
            leased = try await store.lease(limit: 5, owner: "w")
            for item in leased {
                try await store.complete(item.lease)
            }
            clock.advance(by: .seconds(3600))
            #expect(try await store.prune().messages == 2)
            #expect(try await store.statistics().messageCount == 0)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func deadRetentionPrunesDeadMessagesWhenConfigured(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.retention = RetentionPolicy(completed: .seconds(60), dead: .seconds(7200))
        configuration.defaultRetryPolicy = RetryPolicy(jitter: 0, maximumAttempts: 1)
        try await withStore(kind, configuration: configuration) { store, clock in
            let dead = try await Fixtures.enqueue(store)
            let leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            _ = try await store.fail(leased.lease, .temporary("down"))
            clock.advance(by: .seconds(7199))
            #expect(try await store.prune().messages == 0)
            clock.advance(by: .seconds(1))
            #expect(try await store.prune().messages == 1)
            #expect(try await store.message(dead.id) == nil)
        }
    }
}
