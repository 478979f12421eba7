import HTTPClient
import Logging
import Queue
import Synchronization

/// Webhooks that answered 410 Gone. The mark is kept in the store, so every replica and the next start
/// honour it, until an operator clears it (`DELETE /v1/webhooks/{route}/{index}/gone`); meanwhile their
/// deliveries fail at once (the messages are kept, and can be redelivered through the inbound API).
public final class DisabledWebhooks: Sendable {
    /// nil keeps the marks in this process only (unit tests).
    private let store: (any QueueStore)?
    /// The marks this process made: the answer when the store cannot be read, so that a receiver that said
    /// it is gone is not called again because the database hiccuped.
    private let local = Mutex<Set<String>>([])
    private let metrics: DeliveryMetrics
    private let logger: Logger

    public init(
        store: (any QueueStore)? = nil, metrics: DeliveryMetrics = DeliveryMetrics(),
        logger: Logger = Logger(label: "mailgate.webhooks")
    ) {
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// Read at every attempt, from the store: a mark made or cleared by another replica counts at once.
    public func contains(_ label: String) async -> Bool {
        if let store {
            do {
                return try await store.goneWebhook(label) != nil
            } catch {
                logger.warning("reading the gone webhooks failed; using this process's own", metadata: ["webhook": "\(label)", "error": "\(error)"])
            }
        }
        return local.withLock { $0.contains(label) }
    }

    public func disable(_ label: String, reason: String = "HTTP 410") async {
        _ = local.withLock { $0.insert(label) }
        do {
            try await store?.markWebhookGone(label, reason: reason)
        } catch {
            logger.error("recording a gone webhook in the store failed; only this process knows it", metadata: ["webhook": "\(label)", "error": "\(error)"])
        }
    }

    /// Clears the mark so deliveries resume; false when the webhook was not marked.
    public func enable(_ label: String) async throws -> Bool {
        let wasLocal = local.withLock { $0.remove(label) != nil }
        let wasStored = try await store?.clearGoneWebhook(label) ?? false
        metrics.recordDisabled(webhook: label, false)
        logger.notice("webhook enabled again: its 410 Gone mark is cleared", metadata: ["webhook": "\(label)"])
        return wasLocal || wasStored
    }

    /// What every deliverer does on a 410: disable, show it in the metrics, and say so in the log.
    func disableAfterGone(_ label: String, url: String, reason: String, metrics: DeliveryMetrics, logger: Logger) async {
        await disable(label, reason: reason)
        metrics.recordDisabled(webhook: label)
        logger.error("webhook answered 410 Gone: disabled until an operator enables it", metadata: ["webhook": "\(label)", "url": "\(RedactedURL(url))"])
    }
}
