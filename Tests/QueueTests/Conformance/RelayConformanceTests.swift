import Foundation
import NIOCore
import Queue
import Testing

/// What the outbound relay needs from every store: recipients that narrow across retries, follow-up jobs
/// created with a failure whatever its decision, and canceling a job that has not started.
@Suite("Conformance: relay primitives")
struct RelayConformanceTests {
    static let recipients = ["a@example.com", "b@example.com", "c@example.com"]

    static var configuration: QueueConfiguration {
        var configuration = QueueConfiguration()
        configuration.retryPolicies[.outboundRelay] = RetryPolicy(
            initialDelay: .seconds(10), jitter: 0, maximumAttempts: 10, maximumAge: .seconds(300))
        return configuration
    }

    static func relayMessage(_ store: any QueueStore, notBefore: Date? = nil) async throws -> CommittedMessage {
        try await store.enqueue(
            message: ByteBuffer(string: "Subject: hi\r\n\r\nhello\r\n"), envelope: Fixtures.envelope(recipients: recipients),
            jobs: [JobSpec(kind: .outboundRelay, recipients: recipients, payload: Array("{\"v\":1}".utf8), notBefore: notBefore)])
    }

    static func event(_ recipient: String, _ type: DeliveryEventType, _ code: Int) -> DeliveryEventDraft {
        DeliveryEventDraft(recipient: recipient, type: type, detail: "{\"code\":\(code)}")
    }

    static func webhook(_ text: String) -> JobSpec {
        JobSpec(kind: .eventDeliver, payload: Array(text.utf8))
    }

    @Test(arguments: StoreKind.underTest)
    func recipientsNarrowAcrossRetries(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Self.relayMessage(store)
            var leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            #expect(leased.job.recipients == Self.recipients)
            let first = try await store.fail(
                leased.lease,
                .temporary(
                    "451 for b and c",
                    events: [
                        Self.event("a@example.com", "relayed", 250), Self.event("b@example.com", "deferred", 451),
                        Self.event("c@example.com", "deferred", 451),
                    ],
                    remainingRecipients: ["b@example.com", "c@example.com"]))
            #expect(first == .retry(at: clock.now().addingTimeInterval(10)))
            #expect(try await store.job(leased.job.id)?.recipients == ["b@example.com", "c@example.com"])
            clock.advance(by: .seconds(10))
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            #expect(leased.job.recipients == ["b@example.com", "c@example.com"])
            // A failure that does not name the remaining recipients leaves them as they are.
            _ = try await store.fail(leased.lease, .temporary("connection refused"))
            #expect(try await store.job(leased.job.id)?.recipients == ["b@example.com", "c@example.com"])
            clock.advance(by: .seconds(20))
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            _ = try await store.fail(
                leased.lease,
                .temporary(
                    "451 for c", events: [Self.event("b@example.com", "bounced", 550)],
                    remainingRecipients: ["c@example.com"]))
            clock.advance(by: .seconds(40))
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            #expect(leased.job.recipients == ["c@example.com"])
            #expect(leased.job.attempts == 4)
            try await store.complete(leased.lease, events: [Self.event("c@example.com", "relayed", 250)], followUps: [])
            let job = try #require(try await store.job(leased.job.id))
            #expect(job.state == .delivered)
            #expect(job.recipients == ["c@example.com"])
            let recipientEvents = try await store.events(for: message.id).filter { $0.recipient != nil }
            #expect(recipientEvents.map { "\($0.recipient!) \($0.type)" } == [
                "a@example.com relayed", "b@example.com deferred", "c@example.com deferred", "b@example.com bounced",
                "c@example.com relayed",
            ])
            #expect(recipientEvents.allSatisfy { $0.jobID == job.id })
        }
    }

    @Test(arguments: StoreKind.underTest)
    func followUpsAreCreatedWhateverTheDecision(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            // Retry.
            let retried = try await Self.relayMessage(store)
            var leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            let retry = try await store.fail(
                leased.lease,
                .temporary("451", remainingRecipients: ["b@example.com"], followUps: [Self.webhook("deferred")]))
            guard case .retry = retry else {
                Issue.record("expected a retry, got \(retry)")
                return
            }
            try await Self.expectFollowUps(store, retried.id, ["deferred"], clock: clock)

            // Permanent failure.
            let failed = try await Self.relayMessage(store)
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            #expect(leased.job.messageID == failed.id)
            let permanent = try await store.fail(
                leased.lease,
                .permanent("552 5.3.4 too big", followUps: [Self.webhook("bounced a"), Self.webhook("bounced b")]))
            #expect(permanent == .failed(reason: "552 5.3.4 too big"))
            try await Self.expectFollowUps(store, failed.id, ["bounced a", "bounced b"], clock: clock)

            // Dead by horizon: the retried job is past its 300 s maximum age at its next failure.
            clock.advance(by: .seconds(301))
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            #expect(leased.job.messageID == retried.id)
            #expect(leased.job.recipients == ["b@example.com"])
            let dead = try await store.fail(
                leased.lease,
                .temporary("451 again", remainingRecipients: ["b@example.com"], followUps: [Self.webhook("failed b")]))
            guard case .dead(let reason) = dead else {
                Issue.record("expected dead, got \(dead)")
                return
            }
            #expect(reason.contains("5m"))
            let job = try #require(try await store.job(leased.job.id))
            #expect(job.state == .dead)
            #expect(job.recipients == ["b@example.com"])
            try await Self.expectFollowUps(store, retried.id, ["deferred", "failed b"], clock: clock)
        }
    }

    /// The jobs a worker wants only if the job is given up on (the DSN and `message.failed` events of recipients
    /// that reach the retry horizon) are written by the transaction that makes the job `dead`: not on a retry,
    /// and not at all when that transaction fails, which then leaves the job as it was.
    @Test(arguments: StoreKind.underTest)
    func followUpsIfDeadAreCreatedOnlyWithTheDeadTransition(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Self.relayMessage(store)
            let notice = JobSpec(kind: .outboundRelay, recipients: ["sender@example.com"], payload: Array("{\"v\":1}".utf8))
            var leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            let retry = try await store.fail(
                leased.lease,
                .temporary("451", followUps: [Self.webhook("deferred")], followUpsIfDead: [notice, Self.webhook("failed")]))
            #expect(retry == .retry(at: clock.now().addingTimeInterval(10)))
            try await Self.expectFollowUps(store, message.id, ["deferred"], clock: clock)
            #expect(try await store.jobs(for: message.id).filter { $0.kind == .outboundRelay }.count == 1)

            // Past the horizon, a failure whose dead-only follow-up cannot be inserted is rolled back whole.
            clock.advance(by: .seconds(301))
            leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            var clash = Self.webhook("clash")
            clash.id = leased.job.id
            await #expect(throws: QueueStoreError.self) {
                _ = try await store.fail(leased.lease, .temporary("451 again", followUpsIfDead: [notice, clash]))
            }
            #expect(try await store.job(leased.job.id)?.state == .leased)
            #expect(try await store.jobs(for: message.id).count == 2)

            let dead = try await store.fail(
                leased.lease, .temporary("451 again", followUpsIfDead: [notice, Self.webhook("failed")]))
            guard case .dead = dead else {
                Issue.record("expected dead, got \(dead)")
                return
            }
            let jobs = try await store.jobs(for: message.id)
            #expect(jobs.first { $0.id == leased.job.id }?.state == .dead)
            let notices = jobs.filter { $0.kind == .outboundRelay && $0.id != leased.job.id }
            #expect(notices.map(\.recipients) == [["sender@example.com"]])
            #expect(notices.allSatisfy { $0.state == .queued })
            try await Self.expectFollowUps(store, message.id, ["deferred", "failed"], clock: clock)
        }
    }

    /// A bounce reported after the relay (to the MX): the recipient's event and its event jobs in one
    /// transaction, or neither.
    @Test(arguments: StoreKind.underTest)
    func recordedEventsAndTheirFollowUpsAreWrittenTogether(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Self.relayMessage(store)
            let before = try await store.events(for: message.id)
            var clash = Self.webhook("clash")
            clash.id = try #require(message.jobIDs.first)
            await #expect(throws: QueueStoreError.self) {
                try await store.recordEvents(
                    [Self.event("a@example.com", "bounced", 550)], message: message.id, job: nil,
                    followUps: [Self.webhook("bounced a"), clash])
            }
            #expect(try await store.events(for: message.id) == before)
            #expect(try await store.jobs(for: message.id).count == 1)

            try await store.recordEvents(
                [Self.event("a@example.com", "bounced", 550)], message: message.id, job: nil,
                followUps: [Self.webhook("bounced a")])
            #expect(try await store.events(for: message.id).last.map { "\($0.recipient ?? "") \($0.type)" } == "a@example.com bounced")
            try await Self.expectFollowUps(store, message.id, ["bounced a"], clock: clock)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aRefusedFailureCreatesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Self.relayMessage(store)
            let stale = try #require(try await store.lease(kinds: [.outboundRelay], owner: "a", duration: .seconds(5)).first)
            clock.advance(by: .seconds(5))
            #expect(try await store.lease(kinds: [.outboundRelay], owner: "b").isEmpty)
            await #expect(throws: QueueStoreError.leaseLost(stale.job.id)) {
                _ = try await store.fail(
                    stale.lease,
                    .temporary("late", remainingRecipients: ["c@example.com"], followUps: [Self.webhook("late")]))
            }
            #expect(try await store.jobs(for: message.id).map(\.kind) == [.outboundRelay])
            #expect(try await store.job(stale.job.id)?.recipients == Self.recipients)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aFailureWhoseFollowUpCannotBeCreatedChangesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let message = try await Self.relayMessage(store)
            let leased = try #require(try await store.lease(kinds: [.outboundRelay], owner: "relay").first)
            let before = try await store.events(for: message.id)
            // A follow-up reusing the relay job's own id cannot be inserted: the whole failure is rolled back.
            var clash = Self.webhook("clash")
            clash.id = leased.job.id
            await #expect(throws: QueueStoreError.self) {
                _ = try await store.fail(
                    leased.lease,
                    .temporary(
                        "451", events: [Self.event("a@example.com", "relayed", 250)],
                        remainingRecipients: ["b@example.com"], followUps: [Self.webhook("fine"), clash]))
            }
            let job = try #require(try await store.job(leased.job.id))
            #expect(job.state == .leased)
            #expect(job.recipients == Self.recipients)
            #expect(job.lastError == nil)
            #expect(try await store.events(for: message.id) == before)
            #expect(try await store.jobs(for: message.id).count == 1)
            // The lease is intact: the worker can still report the attempt.
            let decision = try await store.fail(leased.lease, .temporary("451", remainingRecipients: ["b@example.com"]))
            #expect(decision == .retry(at: clock.now().addingTimeInterval(10)))
        }
    }

    @Test(arguments: StoreKind.underTest)
    func cancelEndsOnlyAQueuedJob(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: Self.configuration) { store, clock in
            let scheduled = try await Self.relayMessage(store, notBefore: clock.now().addingTimeInterval(3600))
            let leasedMessage = try await Self.relayMessage(store)
            let delivered = try await Self.relayMessage(store)
            let scheduledJob = try #require(scheduled.jobIDs.first)

            let canceledEvents = Self.recipients.map { DeliveryEventDraft(recipient: $0, type: "canceled") }
            #expect(try await store.cancel(job: scheduledJob, events: canceledEvents))
            let job = try #require(try await store.job(scheduledJob))
            #expect(job.state == .failed)
            #expect(job.finalReason == "canceled")
            #expect(job.finishedAt == clock.now())
            let history = try await store.events(for: scheduled.id)
            #expect(history.map(\.type) == [.received, "canceled", "canceled", "canceled", .failed])
            #expect(history.dropFirst().allSatisfy { $0.jobID == scheduledJob })
            // Once ended, it stays ended and records nothing more.
            #expect(try await store.cancel(job: scheduledJob, events: canceledEvents) == false)
            #expect(try await store.events(for: scheduled.id).count == history.count)
            clock.advance(by: .seconds(3600))

            let leased = try await store.lease(kinds: [.outboundRelay], limit: 2, owner: "relay")
            #expect(Set(leased.map(\.job.messageID)) == [leasedMessage.id, delivered.id])
            let running = try #require(leased.first { $0.job.messageID == leasedMessage.id })
            let finished = try #require(leased.first { $0.job.messageID == delivered.id })
            try await store.complete(finished.lease)
            for (id, state) in [(running.job.id, JobState.leased), (finished.job.id, .delivered)] {
                #expect(try await store.cancel(job: id, events: canceledEvents) == false)
                let unchanged = try #require(try await store.job(id))
                #expect(unchanged.state == state)
                #expect(unchanged.finalReason == nil)
            }
            #expect(try await store.events(for: leasedMessage.id).map(\.type) == [.received, .attempt])
            #expect(try await store.cancel(job: JobID("missing"), events: canceledEvents) == false)
            // The canceled job is never leased.
            #expect(try await store.lease(kinds: [.outboundRelay], owner: "relay").isEmpty)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func cancelAndLeaseNeverBothWin(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            var ids: [JobID] = []
            for _ in 0..<30 {
                ids += try await Self.relayMessage(store).jobIDs
            }
            let jobIDs = ids
            let (leased, canceled) = try await withThrowingTaskGroup(of: ([JobID], [JobID]).self) { group in
                for worker in 0..<3 {
                    group.addTask {
                        (try await store.lease(kinds: [.outboundRelay], limit: 10, owner: "w\(worker)").map(\.job.id), [])
                    }
                }
                for id in jobIDs {
                    group.addTask {
                        ([], try await store.cancel(job: id, events: []) ? [id] : [])
                    }
                }
                return try await group.reduce(into: ([JobID](), [JobID]())) {
                    $0.0 += $1.0
                    $0.1 += $1.1
                }
            }
            #expect(Set(leased).isDisjoint(with: canceled))
            #expect(Set(leased).count == leased.count)
            for id in jobIDs {
                let state = try #require(try await store.job(id)?.state)
                #expect(state == (canceled.contains(id) ? .failed : leased.contains(id) ? .leased : .queued))
            }
        }
    }

    /// The message's follow-up jobs: queued `event.deliver` jobs, due now, carrying the given payloads.
    static func expectFollowUps(
        _ store: any QueueStore, _ message: MessageID, _ payloads: [String], clock: ManualWallClock
    ) async throws {
        let followUps = try await store.jobs(for: message).filter { $0.kind == .eventDeliver }
        #expect(followUps.map { String(decoding: $0.payload, as: UTF8.self) }.sorted() == payloads.sorted())
        #expect(followUps.allSatisfy { $0.state == .queued && $0.nextAttemptAt <= clock.now() })
    }
}
