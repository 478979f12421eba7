/// The configured webhooks and their 410 Gone state, as the webhooks API sees them. Declared here so that
/// HTTPAPI stays free of routes and storage; the gateway implements it over the routes in force and the store.
///
/// Any error thrown becomes a 500 whose text is logged, never sent.
public protocol WebhookCatalog: Sendable {
    func list() async throws -> WebhookList
    /// Clears the 410 Gone mark of the `index`-th webhook of `route`, so deliveries to it resume, and returns
    /// its state now; nil = the configuration has no such webhook.
    func enable(route: String, index: Int) async throws -> WebhookStatus?
}
