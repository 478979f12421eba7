import Queue

/// Runs `event.deliver` jobs: POSTs the stored event body to the event webhook, signed, with the job id
/// as `webhook-id`. Same answer contract as inbound deliveries.
public struct EventDeliverer: Sendable {
    private let sender: WebhookSender
    private let target: WebhookTarget
    private let metrics: DeliveryMetrics

    public init(sender: WebhookSender, target: WebhookTarget, metrics: DeliveryMetrics = DeliveryMetrics()) {
        self.sender = sender
        self.target = target
        self.metrics = metrics
    }

    public func deliver(_ leased: LeasedJob) async -> JobOutcome {
        let body = WebhookBody(contentType: "application/json", bytes: leased.job.payload)
        let attempt = await sender.send(body, to: target, id: leased.job.id.rawValue)
        let outcome = WebhookDeliveryOutcome(attempt)
        metrics.recordAttempt(webhook: "events", outcome: outcome)
        let summary = attempt.summary(url: target.url)
        switch outcome {
        case .delivered:
            return .delivered(events: [DeliveryEventDraft(type: "webhook", detail: "events: \(summary)")])
        case .retry(_, let after):
            return .failed(.temporary(summary, retryAfter: after))
        // A 410 fails this notice like any refusal; the event webhook is not put on the 410 list.
        // (`.disabled` and `.unrenderable` never come from a POST that was made.)
        case .rejected, .gone, .disabled, .unrenderable:
            return .failed(.permanent(summary))
        }
    }
}
