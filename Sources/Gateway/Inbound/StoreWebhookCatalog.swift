import HTTPAPI
import Inbound
import Queue
import Webhooks

/// The webhooks API over the routes in force and the gone marks in the store (shared by every replica).
struct StoreWebhookCatalog: WebhookCatalog {
    let store: any QueueStore
    /// The route table in force now: a reload changes what is listed.
    let routes: @Sendable () -> RouteTable
    let disabled: DisabledWebhooks

    func list() async throws -> WebhookList {
        let gone = Dictionary(try await store.goneWebhooks().map { ($0.name, $0) }) { first, _ in first }
        let statuses = routes().routes.flatMap { route in
            route.webhooks.enumerated().map { index, target in
                status(route: route.name, index: index, target: target, gone: gone[InboundDeliveryPayload(route: route.name, webhook: index).label])
            }
        }
        return WebhookList(webhooks: statuses)
    }

    func enable(route: String, index: Int) async throws -> WebhookStatus? {
        guard let target = routes().webhook(route: route, index: index) else { return nil }
        _ = try await disabled.enable(InboundDeliveryPayload(route: route, webhook: index).label)
        return status(route: route, index: index, target: target, gone: nil)
    }

    private func status(route: String, index: Int, target: WebhookTarget, gone: GoneWebhook?) -> WebhookStatus {
        WebhookStatus(
            name: InboundDeliveryPayload(route: route, webhook: index).label, route: route, index: index,
            url: target.displayURL, mode: target.mode.rawValue, state: gone == nil ? .active : .gone,
            goneSince: gone?.since, goneReason: gone?.reason)
    }
}
