import Webhooks

/// What happens to the recipients a route takes.
public enum RouteAction: Sendable {
    /// POST the message to each webhook.
    case webhooks([WebhookTarget])
    /// Keep the message in the store, deliver it nowhere (readable through the inbound API).
    case hold
    /// Relay the recipients' mail onward through the upstream smarthost (one `outbound.relay` job), and POST
    /// it to these webhooks as well. Submission listeners only: on the MX listener such recipients are held.
    case relay(webhooks: [WebhookTarget])
    /// Refuse the recipient at RCPT time (or the message, when only a header decides) with this reply.
    case reject(RouteRejection)
}
