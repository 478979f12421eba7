import Foundation
import Queue
import Synchronization
import Testing

@Suite("Conformance: JobWorker")
struct WorkerConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func workerDeliversFailsAndKeepsLeasesAlive(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(initialDelay: .seconds(30), jitter: 0)
        try await withStore(kind, configuration: configuration) { store, clock in
            var messages: [CommittedMessage] = []
            for _ in 0..<6 {
                messages.append(try await Fixtures.enqueue(store, kind: .outboundRelay))
            }
            let poisoned = messages[0].jobIDs[0]
            let slow = messages[1].jobIDs[0]
            let seen = Mutex<[JobID]>([])
            // The worker sleeps on the real clock: the slow job outlives several lease periods, so
            // the keep-alive extends its lease (with the same token) while the handler runs.
            let worker = JobWorker(
                store: store, kinds: [.outboundRelay], owner: "worker", concurrency: 4,
                leaseDuration: .milliseconds(300), idleDelay: .milliseconds(20)
            ) { job in
                seen.withLock { $0.append(job.job.id) }
                if job.job.id == slow {
                    try? await Task.sleep(for: .milliseconds(500))
                }
                if job.job.id == poisoned {
                    return .failed(.temporary("HTTP 503"))
                }
                return .delivered(events: [DeliveryEventDraft(recipient: job.job.recipients.first, type: "accepted")])
            }
            let running = Task { await worker.run() }
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                let statistics = try await store.statistics()
                if statistics.count(kind: .outboundRelay, state: .delivered) == 5,
                    statistics.count(kind: .outboundRelay, state: .queued) == 1
                {
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            running.cancel()
            await running.value
            let statistics = try await store.statistics()
            #expect(statistics.count(kind: .outboundRelay, state: .delivered) == 5)
            let failed = try #require(try await store.job(poisoned))
            #expect(failed.state == .queued)
            #expect(failed.lastError == "HTTP 503")
            #expect(failed.nextAttemptAt == clock.now().addingTimeInterval(30))
            #expect(seen.withLock { $0.count } == 6)
            let history = try await store.events(for: messages[2].id).map(\.type)
            #expect(history == [.received, .attempt, "accepted", .delivered])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func stopLetsJobsInFlightFinish(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            for _ in 0..<3 {
                try await Fixtures.enqueue(store, kind: .outboundRelay)
            }
            let started = Atomic<Int>(0)
            let finished = Atomic<Int>(0)
            let worker = JobWorker(
                store: store, kinds: [.outboundRelay], owner: "worker", concurrency: 4, idleDelay: .milliseconds(20)
            ) { _ in
                started.add(1, ordering: .relaxed)
                // Not cancellable: stopping must wait for the handler, not interrupt it.
                try? await Task.sleep(for: .milliseconds(300))
                finished.add(1, ordering: .relaxed)
                return .delivered(events: [])
            }
            let running = Task { await worker.run() }
            let deadline = ContinuousClock.now + .seconds(10)
            while started.load(ordering: .relaxed) < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            let startedCount = started.load(ordering: .relaxed)
            #expect(startedCount == 3)
            worker.stop()
            await running.value
            let finishedCount = finished.load(ordering: .relaxed)
            #expect(finishedCount == 3)
            let statistics = try await store.statistics()
            #expect(statistics.count(kind: .outboundRelay, state: .delivered) == 3)
            // A job committed after the stop is left for the next worker.
            try await Fixtures.enqueue(store, kind: .outboundRelay)
            try await Task.sleep(for: .milliseconds(100))
            let startedAfterStop = started.load(ordering: .relaxed)
            #expect(startedAfterStop == 3)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func signalWakesAnIdleWorkerBeforeThePollingInterval(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let signal = WorkSignal()
            let picked = Mutex<ContinuousClock.Instant?>(nil)
            let worker = JobWorker(
                store: store, kinds: [.outboundRelay], owner: "worker", idleDelay: .seconds(120), signal: signal
            ) { _ in
                picked.withLock { $0 = $0 ?? ContinuousClock.now }
                return .delivered(events: [])
            }
            let running = Task { await worker.run() }
            // Let the worker find the queue empty and go to sleep for its 120 s.
            try await Task.sleep(for: .milliseconds(200))
            try await Fixtures.enqueue(store, kind: .outboundRelay)
            let notified = ContinuousClock.now
            signal.notify()
            let deadline = notified + .seconds(30)
            while picked.withLock({ $0 }) == nil && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            worker.stop()
            await running.value
            let delay = try #require(picked.withLock { $0 }, "the job was not picked up within 30 s") - notified
            // Milliseconds on a quiet machine; the bound only has to stay far below the 120 s polling interval
            // (how fast is a benchmark's business, and a loaded CI machine must not fail this).
            #expect(delay < .seconds(30), "picked up after \(delay)")
        }
    }

    @Test(arguments: StoreKind.underTest)
    func decisionsAreReportedToTheObserver(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(initialDelay: .seconds(30), jitter: 0)
        configuration.retryPolicies = [.eventDeliver: RetryPolicy(maximumAttempts: 1)]
        try await withStore(kind, configuration: configuration) { store, clock in
            let retried = try await Fixtures.enqueue(store, kind: .outboundRelay).jobIDs[0]
            let dead = try await Fixtures.enqueue(store, kind: .eventDeliver).jobIDs[0]
            let failed = try await Fixtures.enqueue(store, kind: .inboundDeliver).jobIDs[0]
            let decisions = Mutex<[JobID: (JobFailure, RetryDecision)]>([:])
            let worker = JobWorker(
                store: store, kinds: [.outboundRelay, .eventDeliver, .inboundDeliver], owner: "worker",
                idleDelay: .milliseconds(20),
                onDecision: { job, failure, decision in decisions.withLock { $0[job.job.id] = (failure, decision) } }
            ) { job in
                job.job.id == failed ? .failed(.permanent("HTTP 422")) : .failed(.temporary("HTTP 503"))
            }
            let running = Task { await worker.run() }
            let deadline = ContinuousClock.now + .seconds(10)
            while decisions.withLock({ $0.count }) < 3 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            worker.stop()
            await running.value
            let seen = decisions.withLock { $0 }
            #expect(seen.count == 3)
            #expect(seen[retried]?.1 == .retry(at: clock.now().addingTimeInterval(30)))
            #expect(seen[retried]?.0.message == "HTTP 503")
            if case .dead? = seen[dead]?.1 {} else { Issue.record("expected dead, got \(String(describing: seen[dead]?.1))") }
            if case .failed? = seen[failed]?.1 {} else { Issue.record("expected failed, got \(String(describing: seen[failed]?.1))") }
            #expect(seen[failed]?.0.permanent == true)
            #expect(try await store.job(dead)?.state == .dead)
            #expect(try await store.job(failed)?.state == .failed)
            #expect(try await store.job(retried)?.state == .queued)
        }
    }
}
