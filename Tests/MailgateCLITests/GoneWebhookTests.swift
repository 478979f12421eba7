import Foundation
import MailgateTestSupport
import Testing

/// End to end: a receiver that answers 410 Gone disables its webhook in the store, so the mark outlives the
/// process (and is shared by replicas on PostgreSQL), the API shows it, and clearing it resumes delivery.
@Suite(.serialized) struct GoneWebhookTests {
    static var stores: [GatewayInstance.Store] { TemporaryPostgres.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    @Test(arguments: stores)
    func aGoneWebhookStaysDisabledAcrossARestartUntilTheAPIClearsIt(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path, behaviour: #"{"default": {"status": 410, "body": "this hook was removed"}}"#)
        try await receiver.start()
        let gateway = try await GatewayInstance(store: store, routes: """
            routes:
              - name: support
                match: { domain: support.example.com }
                webhook: { url: "\(receiver.url)/support?token=s3cret", secret: "\(receiver.secret)", allow_loopback: true }
            delivery:
              retry: { initial_delay: 300ms, max_delay: 1s }
              lease: 3s
              poll_interval: 100ms
            """)
        try await gateway.start()

        let first = try await gateway.swaks(to: "help@support.example.com", subject: "First")
        #expect(first.status == 0, "\(first.output)")
        let gone = try await waitForWebhook(gateway) { $0["state"] as? String == "gone" }
        #expect(gone["state"] as? String == "gone", "\(gone) \(gateway.stderr)")
        #expect(gone["name"] as? String == "support#0")
        #expect((gone["gone_reason"] as? String)?.contains("410") == true, "\(gone)")
        #expect(gone["url"] as? String == "\(receiver.url)/support", "the API never shows the URL's query: \(gone)")
        #expect(receiver.requests().filter { $0.event == "answered" }.count == 1)

        // A new process on the same store knows it: the receiver is not called again.
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        try await gateway.start()
        let afterRestart = try await waitForWebhook(gateway) { _ in true }
        #expect(afterRestart["state"] as? String == "gone", "the mark outlives the process: \(afterRestart)")
        #expect(afterRestart["gone_since"] as? String == gone["gone_since"] as? String)
        try receiver.setBehaviour(#"{"default": {"status": 200}}"#)
        let second = try await gateway.swaks(to: "help@support.example.com", subject: "Second")
        let secondID = try #require(second.output.firstMatch(of: /queued as ([0-9a-f-]+)/).map { String($0.1) }, "\(second.output)")
        let failed = try await waitForStatus(gateway, secondID) { $0 == "failed" }
        #expect(failed == "failed", "a delivery to a gone webhook fails at once: \(gateway.stderr)")
        #expect(receiver.requests().filter { $0.event == "answered" }.count == 1, "nothing was sent to the gone receiver")

        // The clearing call needs webhooks:manage; it answers with the webhook, active again.
        let cleared = try #require(try await TestNetwork.request(
            "DELETE", gateway.base + "/v1/webhooks/support/0/gone", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(cleared.status == 200, "\(cleared.body)")
        #expect(cleared.body.contains(#""state":"active""#), "\(cleared.body)")
        let unknown = try #require(try await TestNetwork.request(
            "DELETE", gateway.base + "/v1/webhooks/support/1/gone", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(unknown.status == 404, "\(unknown.body)")

        let third = try await gateway.swaks(to: "help@support.example.com", subject: "Third")
        #expect(third.status == 0, "\(third.output)")
        let delivered = try await receiver.wait(within: .seconds(20)) { $0.contains { $0.event == "answered" && $0.status == 200 } }
        #expect(delivered.contains { $0.event == "answered" && $0.status == 200 }, "delivery resumed: \(receiver.diagnostics) \(gateway.stderr)")
        #expect(try await waitForWebhook(gateway) { _ in true }["state"] as? String == "active")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        await receiver.stop()
    }

    /// Polls `GET /v1/webhooks` until the first webhook satisfies `condition`; returns the last one seen.
    private func waitForWebhook(_ gateway: GatewayInstance, until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(20)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            if let answer = try await TestNetwork.request("GET", gateway.base + "/v1/webhooks", headers: ["Authorization": "Bearer \(gateway.apiKey)"]),
               answer.status == 200,
               let object = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
               let first = (object["webhooks"] as? [[String: Any]])?.first
            {
                last = first
                if condition(first) { return first }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    private func waitForStatus(_ gateway: GatewayInstance, _ id: String, until condition: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(20)
        var status: String?
        while ContinuousClock.now < deadline {
            if let answer = try await TestNetwork.request("GET", gateway.base + "/v1/inbound/messages?limit=10", headers: ["Authorization": "Bearer \(gateway.apiKey)"]),
               let object = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
               let messages = object["messages"] as? [[String: Any]]
            {
                status = messages.first { $0["id"] as? String == id }?["status"] as? String
                if let status, condition(status) { return status }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return status
    }
}
