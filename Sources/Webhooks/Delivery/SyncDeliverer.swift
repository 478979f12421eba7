import Foundation
import Logging

/// POSTs a message to a `sync` webhook while the SMTP client waits for the reply to DATA. One attempt,
/// bounded by the webhook's timeout; the sending MTA does the retrying, after a 451.
public struct SyncDeliverer: Sendable {
    private let delivery: WebhookDelivery

    public init(
        sender: WebhookSender, renderer: WebhookBodyRenderer = WebhookBodyRenderer(), disabled: DisabledWebhooks,
        metrics: DeliveryMetrics = DeliveryMetrics(), logger: Logger = Logger(label: "mailgate.webhooks")
    ) {
        self.delivery = WebhookDelivery(sender: sender, renderer: renderer, disabled: disabled, metrics: metrics, logger: logger)
    }

    /// The verdict and a one-line summary for the message's history.
    public func deliver(
        _ source: InboundMessageSource, to target: WebhookTarget, label: String, deliveryID: String
    ) async -> (verdict: SyncVerdict, summary: String) {
        let outcome = await delivery.attempt(source, to: target, label: label, id: deliveryID)
        let summary = "\(label): " + (outcome.attempt?.summary(url: target.url) ?? "")
        switch outcome {
        case .delivered:
            return (.accepted, summary)
        case .retry(let attempt, _):
            let reason = attempt.status == nil ? "the receiving service did not answer in time" : "the receiving service is unavailable"
            return (.deferred(reason: reason), summary)
        case .rejected(let attempt):
            let reason = attempt.reason.isEmpty ? "rejected by the receiving service (HTTP \(attempt.status ?? 0))" : attempt.reason
            return (.refused(reason: reason), summary)
        case .gone:
            return (.refused(reason: "the receiving service is gone"), summary)
        // The operator's mistake, not the message's: the sending MTA keeps it and tries again once it is fixed.
        case .destinationRefused:
            return (.deferred(reason: "the receiving webhook is misconfigured"), summary)
        case .disabled:
            return (.deferred(reason: "the receiving webhook is disabled"), "webhook \(label) is disabled (410 Gone)")
        case .unrenderable(let error):
            return (.deferred(reason: "the message could not be rendered"), "rendering failed: \(error)")
        }
    }
}
