/// What one delivery attempt to a webhook came to, shared by the queued, sync and event deliverers: each
/// turns it into its own answer (a job outcome, a sync verdict), and its metrics label is decided here once.
public enum WebhookDeliveryOutcome: Sendable {
    /// 2xx.
    case delivered(WebhookAttempt)
    /// 408, 429, 5xx, a timeout or a transport failure: try again, no sooner than `after` if given.
    case retry(WebhookAttempt, after: Duration?)
    /// Any other status: the receiver refused this message and will refuse it again.
    case rejected(WebhookAttempt)
    /// 410: the receiver is gone, and the webhook is now disabled.
    case gone(WebhookAttempt)
    /// The destination policy refuses the webhook's address: nothing was sent, and nothing will be until the
    /// configuration changes.
    case destinationRefused(WebhookAttempt)
    /// Disabled by an earlier 410: nothing was sent.
    case disabled
    /// The message could not be read back or rendered: nothing was sent.
    case unrenderable(String)

    /// Classifies a POST that was made.
    public init(_ attempt: WebhookAttempt) {
        switch attempt.verdict {
        case .delivered: self = .delivered(attempt)
        case .retry(let after): self = .retry(attempt, after: after)
        case .rejected: self = .rejected(attempt)
        case .gone: self = .gone(attempt)
        case .destinationRefused: self = .destinationRefused(attempt)
        }
    }

    /// The POST, when one was made.
    public var attempt: WebhookAttempt? {
        switch self {
        case .delivered(let attempt), .retry(let attempt, _), .rejected(let attempt), .gone(let attempt),
            .destinationRefused(let attempt): attempt
        case .disabled, .unrenderable: nil
        }
    }

    /// The `result` label of `mailgate_webhook_deliveries_total`; nil when nothing is counted (a message
    /// that could not be rendered never reached the webhook).
    var metricsResult: String? {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .rejected, .gone, .destinationRefused: "failed"
        case .disabled: "disabled"
        case .unrenderable: nil
        }
    }
}
