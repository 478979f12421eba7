import HTTPClient
import Logging
import Synchronization

/// Webhooks that answered 410 Gone. They stay disabled until the process restarts; meanwhile their
/// deliveries fail at once (the messages are kept, and can be redelivered through the inbound API).
public final class DisabledWebhooks: Sendable {
    private let labels = Mutex<Set<String>>([])

    public init() {}

    public func contains(_ label: String) -> Bool {
        labels.withLock { $0.contains(label) }
    }

    public func disable(_ label: String) {
        _ = labels.withLock { $0.insert(label) }
    }

    /// What every deliverer does on a 410: disable, show it in the metrics, and say so in the log.
    func disableAfterGone(_ label: String, url: String, metrics: DeliveryMetrics, logger: Logger) {
        disable(label)
        metrics.recordDisabled(webhook: label)
        logger.error("webhook answered 410 Gone: disabled until restart", metadata: ["webhook": "\(label)", "url": "\(RedactedURL(url))"])
    }
}
