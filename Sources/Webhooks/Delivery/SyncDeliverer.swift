import Foundation
import Logging

/// POSTs a message to a `sync` webhook while the SMTP client waits for the reply to DATA. One attempt,
/// bounded by the webhook's timeout; the sending MTA does the retrying, after a 451.
public struct SyncDeliverer: Sendable {
    private let sender: WebhookSender
    private let renderer: WebhookBodyRenderer
    private let disabled: DisabledWebhooks
    private let metrics: DeliveryMetrics
    private let logger: Logger

    public init(
        sender: WebhookSender, renderer: WebhookBodyRenderer = WebhookBodyRenderer(), disabled: DisabledWebhooks,
        metrics: DeliveryMetrics = DeliveryMetrics(), logger: Logger = Logger(label: "mailgate.webhooks")
    ) {
        self.sender = sender
        self.renderer = renderer
        self.disabled = disabled
        self.metrics = metrics
        self.logger = logger
    }

    /// The verdict and a one-line summary for the message's history.
    public func deliver(
        _ source: InboundMessageSource, to target: WebhookTarget, label: String, deliveryID: String
    ) async -> (verdict: SyncVerdict, summary: String) {
        if disabled.contains(label) {
            metrics.recordAttempt(webhook: label, result: "disabled", duration: .zero)
            return (.deferred(reason: "the receiving webhook is disabled"), "webhook \(label) is disabled (410 Gone)")
        }
        let body: WebhookBody
        do {
            body = try renderer.render(source, for: target, deliveryID: deliveryID)
        } catch {
            return (.deferred(reason: "the message could not be rendered"), "rendering failed: \(error)")
        }
        let attempt = await sender.send(body, to: target, id: deliveryID)
        let summary = "\(label): " + attempt.summary(url: target.url)
        switch attempt.verdict {
        case .delivered:
            metrics.recordAttempt(webhook: label, result: "delivered", duration: attempt.duration)
            metrics.recordDelivered(webhook: label, acceptedAt: source.receivedAt)
            return (.accepted, summary)
        case .retry:
            metrics.recordAttempt(webhook: label, result: "retry", duration: attempt.duration)
            let reason = attempt.status == nil ? "the receiving service did not answer in time" : "the receiving service is unavailable"
            return (.deferred(reason: reason), summary)
        case .rejected:
            metrics.recordAttempt(webhook: label, result: "failed", duration: attempt.duration)
            return (.refused(reason: attempt.reason.isEmpty ? "rejected by the receiving service (HTTP \(attempt.status ?? 0))" : attempt.reason), summary)
        case .gone:
            metrics.recordAttempt(webhook: label, result: "failed", duration: attempt.duration)
            disabled.disableAfterGone(label, url: target.url, metrics: metrics, logger: logger)
            return (.refused(reason: "the receiving service is gone"), summary)
        }
    }
}
