import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import HTTPAPI

/// `/v1/webhooks` in process, over a fake catalog: scopes, parameters, and the answers' shape.
@Suite struct WebhookRoutesTests {
    final class FakeWebhookCatalog: WebhookCatalog {
        let gone = Mutex<Set<String>>(["support#0"])

        func list() async throws -> WebhookList {
            let gone = self.gone.withLock { $0 }
            return WebhookList(webhooks: [
                WebhookStatus(
                    name: "support#0", route: "support", index: 0, url: "https://app.example/hook", mode: "queued",
                    state: gone.contains("support#0") ? .gone : .active,
                    goneSince: gone.contains("support#0") ? Date(timeIntervalSince1970: 1_800_000_000) : nil,
                    goneReason: gone.contains("support#0") ? "HTTP 410" : nil)
            ])
        }

        func enable(route: String, index: Int) async throws -> WebhookStatus? {
            guard route == "support", index == 0 else { return nil }
            _ = gone.withLock { $0.remove("support#0") }
            return try await list().webhooks.first
        }
    }

    @Test func listingNeedsWebhooksReadAndShowsTheGoneState() async throws {
        let catalog = FakeWebhookCatalog()
        let api = TestAPI(webhooks: catalog)
        try await api.run { client in
            let refused = try await client.execute(uri: "/v1/webhooks", method: .get, headers: TestAPI.bearer(TestAPI.reader.key))
            #expect(refused.status == .forbidden)
            #expect(try refused.apiError()["code"] as? String == "forbidden")

            let listed = try await client.execute(uri: "/v1/webhooks", method: .get, headers: TestAPI.bearer(TestAPI.admin.key))
            #expect(listed.status == .ok)
            let webhooks = try #require(try listed.json["webhooks"] as? [[String: Any]])
            #expect(webhooks.count == 1)
            #expect(webhooks.first?["state"] as? String == "gone")
            #expect(webhooks.first?["gone_reason"] as? String == "HTTP 410")
            #expect(webhooks.first?["gone_since"] as? String == "2027-01-15T08:00:00.000Z")
        }
    }

    @Test func clearingNeedsWebhooksManageAndAnswersWithTheActiveWebhook() async throws {
        let catalog = FakeWebhookCatalog()
        let api = TestAPI(webhooks: catalog)
        try await api.run { client in
            let refused = try await client.execute(uri: "/v1/webhooks/support/0/gone", method: .delete, headers: TestAPI.bearer(TestAPI.reader.key))
            #expect(refused.status == .forbidden)
            #expect(catalog.gone.withLock { $0 } == ["support#0"], "a refused call changes nothing")

            let bad = try await client.execute(uri: "/v1/webhooks/support/first/gone", method: .delete, headers: TestAPI.bearer(TestAPI.admin.key))
            #expect(bad.status == .badRequest)
            #expect(try bad.apiError()["field"] as? String == "index")
            let unknown = try await client.execute(uri: "/v1/webhooks/support/3/gone", method: .delete, headers: TestAPI.bearer(TestAPI.admin.key))
            #expect(unknown.status == .notFound)

            let cleared = try await client.execute(uri: "/v1/webhooks/support/0/gone", method: .delete, headers: TestAPI.bearer(TestAPI.admin.key))
            #expect(cleared.status == .ok)
            #expect(try cleared.json["state"] as? String == "active")
            #expect(try cleared.json.keys.contains("gone_since"), "absent values are explicit nulls")
            #expect(catalog.gone.withLock { $0 }.isEmpty)
        }
    }

    @Test func anInstanceWithoutTheCatalogAnswers503AfterAuthorization() async throws {
        try await TestAPI().run { client in
            let unauthenticated = try await client.execute(uri: "/v1/webhooks", method: .get)
            #expect(unauthenticated.status == .unauthorized)
            let unavailable = try await client.execute(uri: "/v1/webhooks", method: .get, headers: TestAPI.bearer(TestAPI.admin.key))
            #expect(unavailable.status == .serviceUnavailable)
        }
    }
}
