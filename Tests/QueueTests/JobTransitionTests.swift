import Foundation
import Queue
import Testing

/// The queue core's decision, without a database: one table of how attempts end, and what each does to the job.
@Suite("JobTransition")
struct JobTransitionTests {
    static let start = Fixtures.start
    static let policy = RetryPolicy(
        initialDelay: .seconds(10), multiplier: 2, maximumDelay: .seconds(600), jitter: 0, maximumAttempts: 5,
        maximumAge: .seconds(3600))
    static let relayed = DeliveryEventDraft(recipient: "a@example.com", type: "relayed", detail: "250 2.0.0 ok")
    static let deferred = DeliveryEventDraft(recipient: "b@example.com", type: "deferred", detail: "451 4.7.1 later")
    static let webhook = JobSpec(kind: .eventDeliver, payload: Array("relayed a@example.com".utf8))
    /// A DSN for recipients that reach the horizon: created only by a `dead` transition.
    static let notice = JobSpec(kind: .outboundRelay, recipients: ["sender@example.com"], payload: Array("{}".utf8))

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var attempts: Int
        var age: TimeInterval
        var end: AttemptEnd
        var state: JobState
        /// Seconds after `now`; `nil` when the job is not due again.
        var nextAttemptIn: TimeInterval?
        var lastError: String
        var finalReason: String?
        var recipients: [String]?
        var eventTypes: [DeliveryEventType]
        var followUps: [JobSpec]
        var decision: RetryDecision
        var outcome: String
        var testDescription: String { self.name }
    }

    static let cases: [Case] = [
        Case(
            name: "temporary failure backs off and keeps the recipients", attempts: 1, age: 0,
            end: .failed(.temporary("503")), state: .queued, nextAttemptIn: 10, lastError: "503", finalReason: nil,
            recipients: nil, eventTypes: [.deferred], followUps: [],
            decision: .retry(at: start.addingTimeInterval(10)), outcome: "retry"),
        Case(
            name: "partial relay narrows the recipients and creates follow-ups, not the dead-only ones", attempts: 2, age: 100,
            end: .failed(
                .temporary(
                    "451 for b", events: [relayed, deferred], remainingRecipients: ["b@example.com"],
                    followUps: [webhook], followUpsIfDead: [notice])),
            state: .queued, nextAttemptIn: 20, lastError: "451 for b", finalReason: nil,
            recipients: ["b@example.com"], eventTypes: ["relayed", "deferred", .deferred], followUps: [webhook],
            decision: .retry(at: start.addingTimeInterval(120)), outcome: "retry"),
        Case(
            name: "permanent failure ends failed with its follow-ups", attempts: 1, age: 0,
            end: .failed(.permanent("552 too big", events: [relayed], followUps: [webhook, webhook])),
            state: .failed, nextAttemptIn: nil, lastError: "552 too big", finalReason: "552 too big",
            recipients: nil, eventTypes: ["relayed", .failed], followUps: [webhook, webhook],
            decision: .failed(reason: "552 too big"), outcome: "failed"),
        Case(
            name: "attempts exhausted end dead", attempts: 5, age: 0, end: .failed(.temporary("503")), state: .dead,
            nextAttemptIn: nil, lastError: "503",
            finalReason: "gave up after 5 attempts (maximum 5); last error: 503", recipients: nil,
            eventTypes: [.dead], followUps: [],
            decision: .dead(reason: "gave up after 5 attempts (maximum 5); last error: 503"), outcome: "dead"),
        Case(
            name: "dead by horizon still narrows and creates follow-ups, the dead-only ones too", attempts: 3, age: 3600,
            end: .failed(
                .temporary(
                    "421 busy", events: [relayed], remainingRecipients: ["b@example.com"], followUps: [webhook],
                    followUpsIfDead: [notice])),
            state: .dead, nextAttemptIn: nil, lastError: "421 busy",
            finalReason: "gave up after 1h in the queue (3 attempts); last error: 421 busy",
            recipients: ["b@example.com"], eventTypes: ["relayed", .dead], followUps: [webhook, notice],
            decision: .dead(reason: "gave up after 1h in the queue (3 attempts); last error: 421 busy"),
            outcome: "dead"),
        Case(
            name: "expired lease counts as a failed attempt", attempts: 1, age: 0, end: .leaseExpired(holder: "w1"),
            state: .queued, nextAttemptIn: 10, lastError: "lease held by w1 expired", finalReason: nil,
            recipients: nil, eventTypes: [.leaseExpired], followUps: [],
            decision: .retry(at: start.addingTimeInterval(10)), outcome: "lease_expired"),
        Case(
            name: "expired lease on the last attempt ends dead", attempts: 5, age: 0, end: .leaseExpired(holder: "w1"),
            state: .dead, nextAttemptIn: nil, lastError: "lease held by w1 expired",
            finalReason: "gave up after 5 attempts (maximum 5); last error: lease held by w1 expired",
            recipients: nil, eventTypes: [.leaseExpired, .dead], followUps: [],
            decision: .dead(reason: "gave up after 5 attempts (maximum 5); last error: lease held by w1 expired"),
            outcome: "lease_expired"),
    ]

    @Test(arguments: cases)
    func attemptEnds(_ testCase: Case) {
        var generator = SplitMix64(seed: 7)
        let now = Self.start.addingTimeInterval(testCase.age)
        let transition = JobTransition.afterAttempt(
            attempts: testCase.attempts, cycleStartedAt: Self.start, ended: testCase.end, now: now,
            policy: Self.policy, using: &generator)
        #expect(transition.state == testCase.state)
        #expect(transition.nextAttemptAt == testCase.nextAttemptIn.map { now.addingTimeInterval($0) })
        #expect(transition.lastError == testCase.lastError)
        #expect(transition.finalReason == testCase.finalReason)
        #expect(transition.finishedAt == (testCase.state == .queued ? nil : now))
        #expect(transition.recipients == testCase.recipients)
        #expect(transition.events.map(\.type) == testCase.eventTypes)
        #expect(transition.followUps == testCase.followUps)
        #expect(transition.decision == testCase.decision)
        #expect(transition.outcome == testCase.outcome)
        #expect(transition.at == now)
    }

    @Test func decisionEventSaysWhenTheNextAttemptIs() throws {
        var generator = SplitMix64(seed: 7)
        let transition = JobTransition.afterAttempt(
            attempts: 1, cycleStartedAt: Self.start, ended: .failed(.temporary("HTTP 503")), now: Self.start,
            policy: Self.policy, using: &generator)
        let event = try #require(transition.events.last)
        #expect(event.recipient == nil)
        #expect(event.detail?.contains("attempt 1 failed: HTTP 503") == true)
        #expect(event.detail?.contains(Self.start.addingTimeInterval(10).formatted(.iso8601)) == true)
    }

    @Test(arguments: [1, 2, 3, 4])
    func jitterIsReproducibleAndBounded(attempts: Int) {
        var policy = Self.policy
        policy.jitter = 0.5
        var first = SplitMix64(seed: UInt64(attempts))
        var second = SplitMix64(seed: UInt64(attempts))
        var reference = SplitMix64(seed: UInt64(attempts))
        let base = policy.baseDelay(afterAttempt: attempts)
        for _ in 0..<50 {
            let one = JobTransition.afterAttempt(
                attempts: attempts, cycleStartedAt: Self.start, ended: .failed(.temporary("503")), now: Self.start,
                policy: policy, using: &first)
            let two = JobTransition.afterAttempt(
                attempts: attempts, cycleStartedAt: Self.start, ended: .failed(.temporary("503")), now: Self.start,
                policy: policy, using: &second)
            #expect(one == two)
            // The transition's decision is exactly the policy's, drawn from the same random source.
            let decided = policy.decide(
                attempts: attempts, cycleStartedAt: Self.start, now: Self.start, failure: .temporary("503"),
                using: &reference)
            #expect(one.decision == decided)
            guard let next = one.nextAttemptAt else {
                Issue.record("expected a retry, got \(one.state)")
                continue
            }
            let delay = next.timeIntervalSince(Self.start)
            #expect(delay <= base.timeInterval + 0.001)
            #expect(delay >= base.timeInterval * 0.5 - 0.001)
        }
    }

    @Test func completionEndsDeliveredWithTheWorkersEventsFirst() {
        let transition = JobTransition.completed(events: [Self.relayed], followUps: [Self.webhook], now: Self.start)
        #expect(transition.state == .delivered)
        #expect(transition.finishedAt == Self.start)
        #expect(transition.events == [Self.relayed, DeliveryEventDraft(type: .delivered)])
        #expect(transition.followUps == [Self.webhook])
        #expect(transition.lastError == nil && transition.recipients == nil && transition.nextAttemptAt == nil)
        #expect(transition.decision == nil)
        #expect(transition.outcome == "delivered")
    }

    @Test func cancellationEndsFailedWithReasonCanceled() {
        let canceled = DeliveryEventDraft(recipient: "a@example.com", type: "canceled")
        let transition = JobTransition.canceled(events: [canceled], now: Self.start)
        #expect(transition.state == .failed)
        #expect(transition.finalReason == "canceled")
        #expect(transition.finishedAt == Self.start)
        #expect(transition.events == [canceled, DeliveryEventDraft(type: .failed, detail: "canceled")])
        #expect(transition.followUps.isEmpty)
        #expect(transition.decision == nil)
        #expect(transition.outcome == "canceled")
    }
}

extension Duration {
    fileprivate var timeInterval: TimeInterval {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
