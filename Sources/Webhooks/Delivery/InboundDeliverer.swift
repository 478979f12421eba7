import Foundation
import Logging
import Queue

/// Runs `inbound.deliver` jobs: reads the message back, renders it for the job's webhook, POSTs it
/// signed, and turns the answer into the job's outcome (DESIGN.md webhook contract). The `webhook-id` is
/// the job id, the same on every retry.
public struct InboundDeliverer: Sendable {
    private let store: any QueueStore
    private let webhooks: any InboundWebhookDirectory
    private let delivery: WebhookDelivery
    private let metrics: DeliveryMetrics
    private let failureNotifier: FailureNotifier?
    private let logger: Logger

    public init(
        store: any QueueStore, sender: WebhookSender, webhooks: any InboundWebhookDirectory,
        renderer: WebhookBodyRenderer = WebhookBodyRenderer(), disabled: DisabledWebhooks = DisabledWebhooks(),
        metrics: DeliveryMetrics = DeliveryMetrics(), failureNotifier: FailureNotifier? = nil,
        logger: Logger = Logger(label: "mailgate.webhooks")
    ) {
        self.store = store
        self.webhooks = webhooks
        self.delivery = WebhookDelivery(sender: sender, renderer: renderer, disabled: disabled, metrics: metrics, logger: logger)
        self.metrics = metrics
        self.failureNotifier = failureNotifier
        self.logger = logger
    }

    public func deliver(_ leased: LeasedJob) async -> JobOutcome {
        let job = leased.job
        guard let payload = InboundDeliveryPayload.decode(job.payload) else {
            return .failed(.permanent("the job does not name a route and webhook"))
        }
        let label = payload.label
        guard let target = webhooks.webhook(route: payload.route, index: payload.webhook) else {
            return .failed(.permanent("route \(payload.route) has no webhook #\(payload.webhook) in the configuration any more"))
        }
        let source: InboundMessageSource
        do {
            guard let loaded = try await InboundMessageSource.load(job.messageID, from: store, recipients: job.recipients) else {
                return .failed(.permanent("message \(job.messageID) is no longer in the store"))
            }
            source = loaded
        } catch {
            return .failed(.temporary("reading or rendering the message failed: \(error)"))
        }
        let outcome = await delivery.attempt(source, to: target, label: label, id: job.id.rawValue)
        let summary = outcome.attempt?.summary(url: target.url) ?? ""
        switch outcome {
        case .delivered:
            return .delivered(events: [DeliveryEventDraft(type: "webhook", detail: "\(label): \(summary)")])
        case .retry(_, let after):
            return .failed(.temporary(summary, retryAfter: after))
        case .rejected, .destinationRefused:
            return .failed(.permanent(summary))
        case .gone:
            return .failed(.permanent("\(summary); webhook \(label) disabled"))
        case .disabled:
            return .failed(.permanent("webhook \(label) is disabled: it answered 410 Gone"))
        case .unrenderable(let error):
            return .failed(.temporary("reading or rendering the message failed: \(error)"))
        }
    }

    /// For `JobWorker(onDecision:)`: counts dead jobs and sends the failure notification when a delivery
    /// ends without success (dead after the retry horizon, or refused for good).
    public func observe(_ leased: LeasedJob, _ failure: JobFailure, _ decision: RetryDecision) async {
        let label = InboundDeliveryPayload.decode(leased.job.payload)?.label ?? "unknown"
        let state: String
        let reason: String
        switch decision {
        case .retry: return
        case .dead(let why):
            metrics.recordDead(webhook: label)
            (state, reason) = ("dead", why)
        case .failed(let why):
            (state, reason) = ("failed", why)
        }
        logger.error("delivery ended without success", metadata: ["job": "\(leased.job.id)", "webhook": "\(label)", "state": "\(state)", "reason": "\(reason)"])
        await failureNotifier?.notify(leased.job, webhook: label, state: state, reason: reason)
    }
}
