import Foundation
import Logging
import Queue

/// Tells an operator's event webhook about deliveries that ended without success. The notification is
/// itself a durable `event.deliver` job on the same message, so it survives restarts and outages;
/// `EventDeliverer` sends it.
public struct FailureNotifier: Sendable {
    private let store: any QueueStore
    private let signal: WorkSignal?
    private let logger: Logger

    public init(store: any QueueStore, signal: WorkSignal? = nil, logger: Logger = Logger(label: "mailgate.webhooks")) {
        self.store = store
        self.signal = signal
        self.logger = logger
    }

    func notify(_ job: Job, webhook: String, state: String, reason: String) async {
        let event = FailureEvent(
            type: "inbound.delivery_failed", deliveryID: job.id.rawValue, messageID: job.messageID.rawValue,
            webhook: webhook, recipients: job.recipients, state: state, attempts: job.attempts, reason: reason,
            at: Date().formatted(.iso8601))
        do {
            let payload = EventJobPayload(webhook: EventJobPayload.failureWebhook, body: try event.encoded())
            _ = try await store.enqueue([JobSpec(kind: .eventDeliver, recipients: job.recipients, payload: payload.encoded())], for: job.messageID)
            signal?.notify()
        } catch {
            logger.error("could not queue the failure notification", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}
