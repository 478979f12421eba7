import Testing

@testable import Webhooks

/// The one outcome every deliverer reads: how a POST's verdict becomes an outcome, and each outcome's
/// metrics label.
@Suite struct WebhookDeliveryOutcomeTests {
    static func attempt(_ verdict: WebhookVerdict, status: Int?) -> WebhookAttempt {
        WebhookAttempt(verdict: verdict, status: status, error: nil, reason: "", duration: .milliseconds(12))
    }

    @Test(arguments: [
        // (verdict, status, the attempts metric's result)
        (WebhookVerdict.delivered, 200, "delivered"),
        (.retry(after: .seconds(30)), 503, "retry"),
        (.retry(after: nil), nil, "retry"),
        (.rejected, 422, "failed"),
        (.gone, 410, "failed"),
        (.destinationRefused, nil, "failed"),
    ] as [(WebhookVerdict, Int?, String)])
    func aPOSTsVerdictBecomesOneOutcome(verdict: WebhookVerdict, status: Int?, result: String) {
        let outcome = WebhookDeliveryOutcome(Self.attempt(verdict, status: status))
        #expect(outcome.metricsResult == result)
        #expect(outcome.attempt?.status == status)
        #expect(outcome.attempt?.duration == .milliseconds(12))
        switch (outcome, verdict) {
        case (.delivered, .delivered), (.rejected, .rejected), (.gone, .gone), (.destinationRefused, .destinationRefused): break
        case (.retry(_, let after), .retry(let expected)): #expect(after == expected)
        default: Issue.record("\(verdict) became \(outcome)")
        }
    }

    @Test func outcomesWithoutARequest() {
        #expect(WebhookDeliveryOutcome.disabled.metricsResult == "disabled")
        #expect(WebhookDeliveryOutcome.disabled.attempt == nil)
        // Nothing reached the webhook: not counted as an attempt.
        #expect(WebhookDeliveryOutcome.unrenderable("bad charset").metricsResult == nil)
        #expect(WebhookDeliveryOutcome.unrenderable("bad charset").attempt == nil)
    }
}
