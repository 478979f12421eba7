/// What one POST's outcome means for the delivery (DESIGN.md, webhook POST contract).
public enum WebhookVerdict: Sendable, Hashable {
    /// 2xx.
    case delivered
    /// 408, 429, 5xx, timeouts and transport failures: try again, no sooner than `after` if given.
    case retry(after: Duration?)
    /// Any other status: the receiver refused this message and will refuse it again.
    case rejected
    /// 410: the receiver is gone; the webhook is disabled.
    case gone
    /// Nothing was sent: the destination policy refuses the webhook's address. A configuration error, not an
    /// outage: it fails at once, since every retry would be refused the same way.
    case destinationRefused
}
