import Foundation
import Queue
import Testing

@testable import Outbound

@Suite struct RecipientStatusResolverTests {
    static let created = Date(timeIntervalSince1970: 1_800_000_000)
    static let message = MessageID("m1")

    static func job(
        recipients: [String], state: JobState, attempts: Int = 0, next: Date = created, finished: Date? = nil
    ) -> Job {
        Job(
            id: JobID("j1"), messageID: message, kind: .outboundRelay, state: state, recipients: recipients,
            payload: [], attempts: attempts, createdAt: created, cycleStartedAt: created, nextAttemptAt: next,
            leaseOwner: nil, leaseExpiresAt: nil, lastError: nil, finalReason: nil, finishedAt: finished,
            updatedAt: finished ?? created)
    }

    static func event(_ sequence: Int64, _ recipient: String?, _ type: DeliveryEventType, code: Int? = nil) -> DeliveryEvent {
        let detail = code.map {
            UpstreamReplyDetail(code: $0, enhancedCode: nil, text: "t", upstream: "u:25", attempt: 1).encoded()
        }
        return DeliveryEvent(
            sequence: sequence, messageID: message, jobID: JobID("j1"), recipient: recipient, type: type, detail: detail,
            at: created.addingTimeInterval(Double(sequence)))
    }

    static func statuses(_ recipients: [String], _ jobs: [Job], _ events: [DeliveryEvent], now: Date = created)
        -> [RecipientStatus]
    {
        RecipientStatusResolver.resolve(recipients: recipients, createdAt: created, jobs: jobs, events: events, now: now)
            .map(\.status)
    }

    @Test func beforeAnyAttemptRecipientsAreQueuedOrScheduled() {
        #expect(Self.statuses(["a"], [Self.job(recipients: ["a"], state: .queued)], []) == [.queued])
        let later = Self.created.addingTimeInterval(3600)
        #expect(Self.statuses(["a"], [Self.job(recipients: ["a"], state: .queued, next: later)], []) == [.scheduled])
    }

    @Test func theLastRecipientEventWins() {
        let job = Self.job(recipients: ["b"], state: .queued, attempts: 1, next: Self.created.addingTimeInterval(60))
        let events = [
            Self.event(1, "a", .deferred, code: 451), Self.event(2, "b", .deferred, code: 451),
            Self.event(3, nil, .deferred), Self.event(4, "a", .relayed, code: 250), Self.event(5, "c", .bounced, code: 550),
        ]
        #expect(Self.statuses(["a", "b", "c"], [job], events) == [.relayed, .deferred, .bounced])
    }

    @Test func aRecipientStillOnADeadJobHasFailed() {
        let job = Self.job(recipients: ["b"], state: .dead, attempts: 9, finished: Self.created.addingTimeInterval(99))
        let events = [Self.event(1, "a", .relayed, code: 250), Self.event(2, "b", .deferred, code: 451)]
        let states = RecipientStatusResolver.resolve(
            recipients: ["a", "b"], createdAt: Self.created, jobs: [job], events: events, now: Self.created)
        #expect(states.map(\.status) == [.relayed, .failed])
        #expect(states[1].reply?.code == 451)
    }

    @Test func canceledAndCapturedAreRead() {
        let job = Self.job(recipients: ["a", "b"], state: .failed)
        let events = [Self.event(1, "a", .canceled), Self.event(2, "b", .captured)]
        #expect(Self.statuses(["a", "b"], [job], events) == [.canceled, .captured])
    }
}
