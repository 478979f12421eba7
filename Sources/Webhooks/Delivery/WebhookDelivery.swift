import Logging

/// One attempt to deliver a stored message to one webhook, the path the queued and the sync deliverers
/// share: skip a webhook disabled by a 410, render, sign and POST, count the attempt, disable on 410.
struct WebhookDelivery: Sendable {
    let sender: WebhookSender
    let renderer: WebhookBodyRenderer
    let disabled: DisabledWebhooks
    let metrics: DeliveryMetrics
    let logger: Logger

    /// `id` is the `webhook-id`; `label` names the webhook in metrics and logs.
    func attempt(_ source: InboundMessageSource, to target: WebhookTarget, label: String, id: String) async -> WebhookDeliveryOutcome {
        let outcome: WebhookDeliveryOutcome
        if await disabled.contains(label) {
            outcome = .disabled
        } else {
            do {
                let body = try renderer.render(source, for: target, deliveryID: id)
                outcome = WebhookDeliveryOutcome(await sender.send(body, to: target, id: id))
            } catch {
                outcome = .unrenderable("\(error)")
            }
        }
        metrics.recordAttempt(webhook: label, outcome: outcome)
        switch outcome {
        case .delivered: metrics.recordDelivered(webhook: label, acceptedAt: source.receivedAt)
        case .gone(let attempt):
            // The reason is stored: never the URL, which may carry a token.
            let reason = attempt.reason.isEmpty ? "HTTP 410" : "HTTP 410: \(attempt.reason)"
            await disabled.disableAfterGone(label, url: target.url, reason: reason, metrics: metrics, logger: logger)
        case .retry, .rejected, .disabled, .unrenderable, .destinationRefused: break
        }
        return outcome
    }
}
