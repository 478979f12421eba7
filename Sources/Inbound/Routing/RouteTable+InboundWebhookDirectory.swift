import Webhooks

/// The queued deliverer finds a job's webhook in the routes in force at each attempt.
extension RouteTable: InboundWebhookDirectory {
    public func webhook(route name: String, index: Int) -> WebhookTarget? {
        guard let route = route(named: name), route.webhooks.indices.contains(index) else { return nil }
        return route.webhooks[index]
    }
}
