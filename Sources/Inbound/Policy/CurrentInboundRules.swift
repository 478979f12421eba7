import Synchronization
import Webhooks

/// The inbound rules in force. Every decision (MAIL FROM, RCPT TO, the final dot, each delivery attempt) reads
/// `current` when it is made, so a reload applies to the next decision; work already decided (a job's
/// attempt under way, a sync POST) keeps the value it read.
public final class CurrentInboundRules: Sendable {
    private let state: Mutex<InboundRules>

    public init(_ rules: InboundRules) {
        self.state = Mutex(rules)
    }

    public var current: InboundRules {
        state.withLock { $0 }
    }

    public func replace(with rules: InboundRules) {
        state.withLock { $0 = rules }
    }
}

/// The queued deliverer finds a job's webhook in the routes in force at each attempt.
extension CurrentInboundRules: InboundWebhookDirectory {
    public func webhook(route: String, index: Int) -> WebhookTarget? {
        current.routes.webhook(route: route, index: index)
    }
}
