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
        let summary = attempt.summary(url: target.url)
        switch attempt.verdict {
        case .delivered:
            metrics.recordAttempt(webhook: "events", result: "delivered", duration: attempt.duration)
            return .delivered(events: [DeliveryEventDraft(type: "webhook", detail: "events: \(summary)")])
        case .retry(let after):
            metrics.recordAttempt(webhook: "events", result: "retry", duration: attempt.duration)
            return .failed(.temporary(summary, retryAfter: after))
        case .rejected, .gone:
            metrics.recordAttempt(webhook: "events", result: "failed", duration: attempt.duration)
            return .failed(.permanent(summary))
        }
    }
}
