import SMTPProtocol
import Testing
import Webhooks

@testable import Inbound

@Suite struct SyncWebhookReplyTests {
    @Test(arguments: [
        // (verdicts, expected code and enhanced code, and the metrics reason; nil: accepted)
        ([SyncVerdict.accepted], nil, nil),
        ([.accepted, .accepted], nil, nil),
        ([.accepted, .deferred(reason: "busy")], "451 4.3.0", .webhookDeferred),
        ([.deferred(reason: "busy"), .refused(reason: "no")], "550 5.7.1", .webhookRefused),
        ([.refused(reason: "no"), .deferred(reason: "busy")], "550 5.7.1", .webhookRefused),
    ] as [([SyncVerdict], String?, SMTPRejectionReason?)])
    func verdictsAddUpToOneRefusal(verdicts: [SyncVerdict], expected: String?, reason: SMTPRejectionReason?) {
        let refusal = SyncWebhookReply.refusal(for: verdicts)
        #expect(refusal.map { "\($0.reply.code) \($0.reply.enhancedCode.map { "\($0)" } ?? "")" } == expected)
        #expect(refusal?.reason == reason)
    }

    @Test func theReceiversReasonReachesTheClient() {
        let refusal = SyncWebhookReply.refusal(for: [.refused(reason: "unknown ticket")])
        #expect(refusal?.reply.lines.joined().contains("unknown ticket") == true)
    }
}
