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
}
