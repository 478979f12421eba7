/// `GET /v1/webhooks`: every webhook of every route in the configuration in force, in route order.
public struct WebhookList: Sendable, Equatable, Codable {
    public var webhooks: [WebhookStatus]

    public init(webhooks: [WebhookStatus]) {
        self.webhooks = webhooks
    }
}
