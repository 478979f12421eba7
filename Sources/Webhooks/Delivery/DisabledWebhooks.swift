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
}
