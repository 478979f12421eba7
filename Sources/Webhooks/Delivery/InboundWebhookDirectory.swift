/// Where `InboundDeliverer` finds the webhook a job names. Declared here so that Webhooks does not import
/// the routes (the `Inbound` module's route table implements it): the configuration in force at each
/// attempt decides the URL and secrets, never the store.
public protocol InboundWebhookDirectory: Sendable {
    /// The `index`-th webhook of the route named `route`, or nil when the configuration no longer has it.
    func webhook(route: String, index: Int) -> WebhookTarget?
}
