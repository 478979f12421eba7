import Foundation
import NIOCore
import Queue
import Testing

/// Leasing and finishing jobs: one suite, run against every store implementation.
@Suite("Conformance: leasing")
struct LeasingConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func concurrentLeasesNeverShareAJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            for _ in 0..<40 {
                try await Fixtures.enqueue(store)
            }
            let leased = try await withThrowingTaskGroup(of: [LeasedJob].self) { group in
                for worker in 0..<6 {
                    group.addTask { try await store.lease(kinds: [.inboundDeliver], limit: 10, owner: "w\(worker)") }
                }
                return try await group.reduce(into: [LeasedJob]()) { $0 += $1 }
            }
            #expect(leased.count == 40)
            #expect(Set(leased.map(\.job.id)).count == 40)
            #expect(leased.allSatisfy { $0.job.state == .leased && $0.job.attempts == 1 })
            #expect(try await store.lease(limit: 10, owner: "late").isEmpty)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func leaseHonoursKindsAndNotBefore(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            try await Fixtures.enqueue(store, kind: .outboundRelay)
            try await Fixtures.enqueue(store, kind: .inboundDeliver, notBefore: clock.now().addingTimeInterval(60))
            #expect(try await store.lease(kinds: [.eventDeliver], limit: 5, owner: "w").isEmpty)
            let relay = try await store.lease(kinds: [.outboundRelay, .eventDeliver], limit: 5, owner: "w")
            #expect(relay.map(\.job.kind) == [.outboundRelay])
            #expect(try await store.lease(kinds: [.inboundDeliver], limit: 5, owner: "w").isEmpty)
            clock.advance(by: .seconds(60))
            #expect(try await store.lease(limit: 5, owner: "w").map(\.job.kind) == [.inboundDeliver])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func completionNeedsTheCurrentLease(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(initialDelay: .seconds(1), jitter: 0)
        try await withStore(kind, configuration: configuration) { store, clock in
            let message = try await Fixtures.enqueue(store)
            let first = try #require(try await store.lease(limit: 1, owner: "a", duration: .seconds(30)).first)
            clock.advance(by: .seconds(31))
            // The expired lease is reaped and the job backs off like any failed attempt.
            #expect(try await store.lease(limit: 1, owner: "b", duration: .seconds(30)).isEmpty)
            clock.advance(by: .seconds(1))
            let second = try #require(try await store.lease(limit: 1, owner: "b", duration: .seconds(30)).first)
            #expect(second.job.id == first.job.id)
            #expect(second.job.attempts == 2)
            #expect(second.lease.token != first.lease.token)
            await #expect(throws: QueueStoreError.leaseLost(first.job.id)) {
                try await store.complete(first.lease)
            }
            await #expect(throws: QueueStoreError.leaseLost(first.job.id)) {
                _ = try await store.fail(first.lease, .temporary("late"))
            }
            try await store.complete(second.lease)
            let job = try #require(try await store.job(first.job.id))
            #expect(job.state == .delivered)
            #expect(job.finishedAt == clock.now())
            #expect(job.leaseOwner == nil)
            let types = try await store.events(for: message.id).map(\.type)
            #expect(types == [.received, .attempt, .leaseExpired, .attempt, .delivered])
            await #expect(throws: QueueStoreError.leaseLost(first.job.id)) {
                try await store.complete(second.lease)
            }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func crashedWorkersJobReturnsAfterLeaseTimeout(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(initialDelay: .seconds(5), jitter: 0, maximumAttempts: 2)
        try await withStore(kind, configuration: configuration) { store, clock in
            try await Fixtures.enqueue(store)
            let crashed = try #require(try await store.lease(limit: 1, owner: "crashed", duration: .seconds(60)).first)
            clock.advance(by: .seconds(59))
            #expect(try await store.lease(limit: 1, owner: "other").isEmpty)
            clock.advance(by: .seconds(1))
            // Expiry is a failed attempt: the backoff applies before the job is offered again.
            #expect(try await store.lease(limit: 1, owner: "other").isEmpty)
            let requeued = try #require(try await store.job(crashed.job.id))
            #expect(requeued.state == .queued)
            #expect(requeued.lastError?.contains("crashed") == true)
            clock.advance(by: .seconds(5))
            let retried = try #require(try await store.lease(limit: 1, owner: "other", duration: .seconds(10)).first)
            #expect(retried.job.attempts == 2)
            clock.advance(by: .seconds(10))
            // The second expiry exhausts maximumAttempts = 2.
            #expect(try await store.lease(limit: 1, owner: "third").isEmpty)
            let dead = try #require(try await store.job(crashed.job.id))
            #expect(dead.state == .dead)
            #expect(dead.finalReason?.contains("2 attempts") == true)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func extendingALeaseKeepsTheJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            try await Fixtures.enqueue(store)
            let leased = try #require(try await store.lease(limit: 1, owner: "slow", duration: .seconds(30)).first)
            clock.advance(by: .seconds(25))
            let extended = try await store.extendLease(leased.lease, by: .seconds(30))
            #expect(extended.expiresAt == clock.now().addingTimeInterval(30))
            clock.advance(by: .seconds(25))
            #expect(try await store.lease(limit: 1, owner: "thief").isEmpty)
            try await store.complete(extended)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func releaseReturnsTheJobWithoutCountingTheAttempt(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            try await Fixtures.enqueue(store)
            let leased = try #require(try await store.lease(limit: 1, owner: "stopping").first)
            try await store.release(leased.lease)
            let again = try #require(try await store.lease(limit: 1, owner: "next").first)
            #expect(again.job.id == leased.job.id)
            #expect(again.job.attempts == 1)
            await #expect(throws: QueueStoreError.leaseLost(leased.job.id)) {
                try await store.release(leased.lease)
            }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func completionRecordsEventsAndFollowUpsAtomically(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let message = try await Fixtures.enqueue(store, kind: .outboundRelay)
            let leased = try #require(try await store.lease(kinds: [.outboundRelay], limit: 1, owner: "relay").first)
            try await store.complete(
                leased.lease,
                events: [
                    DeliveryEventDraft(recipient: "r0@example.com", type: .delivered, detail: "250 2.0.0 queued as X"),
                    DeliveryEventDraft(recipient: "r1@example.com", type: "bounced", detail: "550 5.1.1 no such user"),
                ],
                followUps: [JobSpec(kind: .eventDeliver, recipients: ["r1@example.com"], payload: Array("{\"e\":1}".utf8))])
            let jobs = try await store.jobs(for: message.id)
            #expect(jobs.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.eventDeliver, .outboundRelay])
            let event = try #require(jobs.first { $0.kind == .eventDeliver })
            #expect(event.state == .queued)
            #expect(event.payload == Array("{\"e\":1}".utf8))
            let history = try await store.events(for: message.id)
            #expect(history.map(\.type) == [.received, .attempt, .delivered, "bounced", .delivered])
            #expect(history[2].recipient == "r0@example.com")
            #expect(history[3].detail == "550 5.1.1 no such user")
            #expect(history[4].recipient == nil)
            #expect(history[4].jobID == leased.job.id)
            #expect(history.map(\.sequence) == history.map(\.sequence).sorted())
            try await store.recordEvents([DeliveryEventDraft(type: "opened")], message: message.id, job: nil)
            #expect(try await store.events(for: message.id).last?.type == "opened")
        }
    }
}
