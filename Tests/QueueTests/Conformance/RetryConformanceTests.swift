import Foundation
import Queue
import Testing

/// The retry policy as applied by the stores, driven by a manual clock (no sleeping).
@Suite("Conformance: retries")
struct RetryConformanceTests {
    static var configuration: QueueConfiguration {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(
            initialDelay: .seconds(10), multiplier: 2, maximumDelay: .seconds(3600), jitter: 0, maximumAttempts: 3,
            maximumAge: .seconds(86400))
        configuration.retryPolicies[.eventDeliver] = RetryPolicy(
            initialDelay: .seconds(60), jitter: 0, maximumAttempts: 100, maximumAge: .seconds(300))
        return configuration
    }

    @Test(arguments: StoreKind.underTest)
    func backoffThenDeadThenOperatorRetry(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Fixtures.enqueue(store)
            var leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            #expect(try await store.fail(leased.lease, .temporary("HTTP 503")) == .retry(at: clock.now().addingTimeInterval(10)))
            clock.advance(by: .seconds(9))
            #expect(try await store.lease(limit: 1, owner: "w").isEmpty)
            clock.advance(by: .seconds(1))
            leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            #expect(leased.job.attempts == 2)
            #expect(leased.job.lastError == "HTTP 503")
            #expect(try await store.fail(leased.lease, .temporary("timeout")) == .retry(at: clock.now().addingTimeInterval(20)))
            clock.advance(by: .seconds(20))
            leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            let decision = try await store.fail(leased.lease, .temporary("HTTP 502"))
            guard case .dead(let reason) = decision else {
                Issue.record("expected dead, got \(decision)")
                return
            }
            #expect(reason.contains("3 attempts"))
            #expect(reason.contains("HTTP 502"))
            let dead = try #require(try await store.jobs(in: .dead, kind: .inboundDeliver, limit: 10).first)
            #expect(dead.id == leased.job.id)
            #expect(dead.finalReason == reason)
            #expect(dead.lastError == "HTTP 502")
            clock.advance(by: .seconds(3600))
            #expect(try await store.lease(limit: 1, owner: "w").isEmpty)

            await #expect(throws: QueueStoreError.jobNotFound(JobID("missing"))) {
                try await store.retry(job: JobID("missing"))
            }
            try await store.retry(job: dead.id)
            let revived = try #require(try await store.lease(limit: 1, owner: "w").first)
            #expect(revived.job.attempts == 1)
            #expect(revived.job.cycleStartedAt == clock.now())
            try await store.complete(revived.lease)
            await #expect(throws: QueueStoreError.notRetryable(dead.id, state: .delivered)) {
                try await store.retry(job: dead.id)
            }
            let types = try await store.events(for: message.id).map(\.type)
            #expect(types == [.received, .attempt, .deferred, .attempt, .deferred, .attempt, .dead, .operatorRetry, .attempt, .delivered])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func permanentFailureEndsFailedWithReason(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, _ in
            try await Fixtures.enqueue(store)
            let leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            let decision = try await store.fail(leased.lease, .permanent("HTTP 400 bad request"))
            #expect(decision == .failed(reason: "HTTP 400 bad request"))
            let job = try #require(try await store.job(leased.job.id))
            #expect(job.state == .failed)
            #expect(job.finalReason == "HTTP 400 bad request")
        }
    }

    @Test(arguments: StoreKind.underTest)
    func maximumAgeAndRetryAfterArePerKind(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            try await Fixtures.enqueue(store, kind: .eventDeliver)
            var leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            // Retry-After above the backoff wins.
            #expect(try await store.fail(leased.lease, .temporary("429", retryAfter: .seconds(120)))
                == .retry(at: clock.now().addingTimeInterval(120)))
            clock.advance(by: .seconds(120))
            leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            clock.advance(by: .seconds(170))
            // 290 s old: the next backoff (120 s) would pass the 300 s age, so the last attempt is at the deadline.
            #expect(try await store.fail(leased.lease, .temporary("503")) == .retry(at: Fixtures.start.addingTimeInterval(300)))
            clock.advance(by: .seconds(10))
            leased = try #require(try await store.lease(limit: 1, owner: "w").first)
            let decision = try await store.fail(leased.lease, .temporary("503"))
            guard case .dead(let reason) = decision else {
                Issue.record("expected dead, got \(decision)")
                return
            }
            #expect(reason.contains("5m"))
        }
    }
}
