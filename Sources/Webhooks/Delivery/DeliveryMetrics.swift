import Foundation
import Metrics
import Queue

/// Webhook delivery metrics, per webhook (`route#index`, or `events` for failure notifications).
public struct DeliveryMetrics: Sendable {
    private let factory: any MetricsFactory

    public init(factory: (any MetricsFactory)? = nil) {
        self.factory = factory ?? MetricsSystem.factory
    }

    /// One per attempt; `result` is delivered, retry, failed or disabled (``WebhookDeliveryOutcome``).
    /// The request duration is recorded for attempts that made a request.
    func recordAttempt(webhook: String, outcome: WebhookDeliveryOutcome) {
        guard let result = outcome.metricsResult else { return }
        Counter(
            label: "mailgate_webhook_deliveries_total", dimensions: [("webhook", webhook), ("result", result)],
            factory: factory
        ).increment()
        Timer(label: "mailgate_webhook_request_duration_seconds", dimensions: [("webhook", webhook)], factory: factory)
            .recordNanoseconds((outcome.attempt?.duration ?? .zero).nanoseconds)
    }

    /// From the message's acceptance to the receiver's 2xx.
    func recordDelivered(webhook: String, acceptedAt: Date, now: Date = Date()) {
        Timer(label: "mailgate_webhook_delivery_latency_seconds", dimensions: [("webhook", webhook)], factory: factory)
            .recordNanoseconds(Int64(max(0, now.timeIntervalSince(acceptedAt)) * 1e9))
    }

    func recordDead(webhook: String) {
        Counter(label: "mailgate_webhook_dead_total", dimensions: [("webhook", webhook)], factory: factory).increment()
    }

    func recordDisabled(webhook: String, _ disabled: Bool = true) {
        Gauge(label: "mailgate_webhook_disabled", dimensions: [("webhook", webhook)], factory: factory).record(disabled ? 1 : 0)
    }
}
