import Foundation
import Queue
import SMTPProtocol
import Testing

@testable import Outbound

/// The table in ARCHITECTURE.md ("How an attempt ends"), row by row.
@Suite struct RelayDecisionTests {
    static let recipients = ["a@example.com", "b@example.com", "c@example.com"]

    static func replies(_ codes: [Int]) -> RelayAttempt {
        .replies(
            zip(recipients, codes).map { recipient, code in
                let enhanced = code < 300 ? "2.0.0" : code < 500 ? "4.2.0" : "5.1.1"
                return RecipientReply(recipient: recipient, reply: SMTPReply(code, enhanced, "reply \(code)"))
            }, upstream: "smtp.example.net:587")
    }

    static func types(_ events: [DeliveryEventDraft]) -> [String: DeliveryEventType] {
        Dictionary(uniqueKeysWithValues: events.map { ($0.recipient ?? "", $0.type) })
    }

    @Test func everyRecipientAcceptedCompletesTheJob() throws {
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: Self.replies([250, 250, 250]), attemptNumber: 1)
        guard case .delivered(let events, let followUps) = outcome else { Issue.record("\(outcome)"); return }
        #expect(followUps.isEmpty)
        #expect(Self.types(events) == ["a@example.com": .relayed, "b@example.com": .relayed, "c@example.com": .relayed])
        let detail = try #require(UpstreamReplyDetail.decode(events[0].detail))
        #expect(detail == UpstreamReplyDetail(code: 250, enhancedCode: "2.0.0", text: "reply 250", upstream: "smtp.example.net:587", attempt: 1))
    }

    @Test func acceptedAndBouncedRecipientsEndTheJobWithTheirOwnStatus() {
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: Self.replies([250, 550, 250]), attemptNumber: 2)
        guard case .delivered(let events, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(Self.types(events) == ["a@example.com": .relayed, "b@example.com": .bounced, "c@example.com": .relayed])
    }

    @Test func aDeferredRecipientNarrowsTheRetryToItself() {
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: Self.replies([250, 451, 550]), attemptNumber: 1)
        guard case .failed(let failure) = outcome else { Issue.record("\(outcome)"); return }
        #expect(!failure.permanent)
        #expect(failure.remainingRecipients == ["b@example.com"])
        #expect(Self.types(failure.events) == ["a@example.com": .relayed, "b@example.com": .deferred, "c@example.com": .bounced])
        #expect(failure.message.contains("1 of 3 recipients deferred"))
    }

    @Test func aRecipientWithoutAReplyIsRetried() {
        let partial = RelayAttempt.replies(
            [RecipientReply(recipient: "a@example.com", reply: SMTPReply(250, "2.0.0", "ok"))], upstream: "u:25")
        let outcome = RelayDecision.outcome(recipients: Array(Self.recipients.prefix(2)), attempt: partial, attemptNumber: 1)
        guard case .failed(let failure) = outcome else { Issue.record("\(outcome)"); return }
        #expect(failure.remainingRecipients == ["b@example.com"])
    }

    @Test func aTemporarySessionFailureDefersEveryoneAndKeepsTheRecipients() throws {
        let attempt = RelayAttempt.sessionFailed(
            reason: "connection refused by every upstream", permanent: false, reply: nil, upstream: nil)
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: attempt, attemptNumber: 3)
        guard case .failed(let failure) = outcome else { Issue.record("\(outcome)"); return }
        #expect(!failure.permanent)
        #expect(failure.remainingRecipients == nil)
        #expect(Set(Self.types(failure.events).values) == [.deferred])
        let detail = try #require(UpstreamReplyDetail.decode(failure.events[0].detail))
        #expect(detail.code == nil && detail.text == "connection refused by every upstream" && detail.attempt == 3)
    }

    @Test func aPermanentSessionFailureBouncesEveryone() throws {
        let reply = SMTPReply(552, "5.3.4", "message size exceeds fixed maximum message size")
        let attempt = RelayAttempt.sessionFailed(reason: "over SIZE", permanent: true, reply: reply, upstream: "u:587")
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: attempt, attemptNumber: 1)
        guard case .failed(let failure) = outcome else { Issue.record("\(outcome)"); return }
        #expect(failure.permanent)
        #expect(Set(Self.types(failure.events).values) == [.bounced])
        #expect(try #require(UpstreamReplyDetail.decode(failure.events[1].detail)).code == 552)
    }

    @Test func capturedMessagesEndCaptured() {
        let outcome = RelayDecision.outcome(recipients: Self.recipients, attempt: .captured, attemptNumber: 1)
        guard case .delivered(let events, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(Set(Self.types(events).values) == [.captured])
        #expect(events.count == 3)
    }
}
