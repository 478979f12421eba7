import Queue

/// Runs `event.deliver` jobs: POSTs the stored event body to the event webhook the job names, signed, with
/// the job id as `webhook-id`. Same answer contract as inbound deliveries.
public struct EventDeliverer: Sendable {
    private let sender: WebhookSender
    /// By name: `events.webhooks#N` and `delivery.failure_webhook`.
    private let targets: [String: WebhookTarget]
    private let metrics: DeliveryMetrics

    public init(sender: WebhookSender, targets: [String: WebhookTarget], metrics: DeliveryMetrics = DeliveryMetrics()) {
        self.sender = sender
        self.targets = targets
        self.metrics = metrics
    }

    public func deliver(_ leased: LeasedJob) async -> JobOutcome {
        let stored = EventJobPayload.decode(leased.job.payload)
            ?? EventJobPayload(webhook: EventJobPayload.failureWebhook, body: leased.job.payload)
        guard let target = targets[stored.webhook] else {
            // The configuration changed since the event was queued; it stays redeliverable.
            return .failed(.permanent("event webhook \(stored.webhook) is no longer configured"))
        }
        let body = WebhookBody(contentType: "application/json", bytes: stored.body)
        let attempt = await sender.send(body, to: target, id: leased.job.id.rawValue)
        let outcome = WebhookDeliveryOutcome(attempt)
        metrics.recordAttempt(webhook: stored.webhook, outcome: outcome)
        let summary = attempt.summary(url: target.url)
        switch outcome {
        case .delivered:
            return .delivered(events: [DeliveryEventDraft(type: "webhook", detail: "\(stored.webhook): \(summary)")])
        case .retry(_, let after):
            return .failed(.temporary(summary, retryAfter: after))
        // A 410 fails this notice like any refusal; the event webhook is not put on the 410 list.
        // (`.disabled` and `.unrenderable` never come from a POST that was made.)
        case .rejected, .gone, .disabled, .unrenderable, .destinationRefused:
            return .failed(.permanent(summary))
        }
    }
}
