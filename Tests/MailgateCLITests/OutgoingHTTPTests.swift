import Foundation
import MailgateTestSupport
import Testing

/// End to end, the real `mailgate` posting webhooks: proxies from the environment are ignored, `delivery.proxy`
/// tunnels to the checked address, a destination the policy refuses fails at once as a configuration error,
/// and a token in a webhook URL appears nowhere: not in the log, not in the delivery history.
@Suite(.serialized) struct OutgoingHTTPTests {
    static let tokens = ["tok-support-1f2e", "tok-internal-9a8b", "tok-metadata-7c6d"]

    static func routes(_ receiver: WebhookReceiver, extra: String = "") -> String {
        """
        log: { level: debug }
        routes:
          - name: support
            match: { domain: support.example.com }
            webhook: { url: "\(receiver.url)/support?token=\(tokens[0])", secret: "\(receiver.secret)", allow_loopback: true }
          - name: internal
            match: { domain: internal.example.com }
            webhook: { url: "http://10.0.0.1/hooks?token=\(tokens[1])", secret: "\(receiver.secret)" }
          - name: metadata
            match: { domain: metadata.example.com }
            webhook: { url: "http://169.254.169.254/latest/meta-data?token=\(tokens[2])", secret: "\(receiver.secret)" }
        delivery:
          # A temporary failure would wait ten minutes: a delivery that ends within the test ended for good.
          retry: { initial_delay: 10m, max_delay: 1h }
          lease: 3s
          poll_interval: 100ms
        \(extra)
        """
    }

    @Test func proxiesFromTheEnvironmentAreIgnoredAndRefusedDestinationsFailAtOnce() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: Self.routes(receiver))
        let dead = "http://127.0.0.1:\(try LoopbackPort.free())"
        var environment: [String: String] = [:]
        for name in ["http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"] { environment[name] = dead }
        try await gateway.start(environment: environment)

        let delivered = try await gateway.swaks(to: "help@support.example.com")
        #expect(delivered.status == 0, "\(delivered.output)")
        let seen = try await receiver.wait(within: .seconds(20)) { !$0.filter { $0.event == "answered" }.isEmpty }
        #expect(seen.filter { $0.event == "answered" && $0.path.hasPrefix("/support") }.count == 1, "straight to the receiver: \(gateway.stderr)")

        try await expectRefusedDeliveriesFailAtOnce(gateway)
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        expectNoToken(in: gateway.stderr, "the log")
        await receiver.stop()
    }

    @Test func theConfiguredProxyCarriesTheRequestToTheCheckedAddress() async throws {
        let directory = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let proxy = try await ConnectProxy(directory: directory.path)
        let gateway = try await GatewayInstance(routes: Self.routes(receiver, extra: "  proxy: \(proxy.url)"))
        try await gateway.start()

        let delivered = try await gateway.swaks(to: "help@support.example.com")
        #expect(delivered.status == 0, "\(delivered.output)")
        let seen = try await receiver.wait(within: .seconds(20)) { !$0.filter { $0.event == "answered" }.isEmpty }
        #expect(seen.filter { $0.event == "answered" && $0.verified }.count == 1, "\(gateway.stderr)")
        #expect(proxy.connectTargets() == ["127.0.0.1:\(receiver.port)"], "\(proxy.events())")

        try await expectRefusedDeliveriesFailAtOnce(gateway)
        #expect(proxy.connectTargets() == ["127.0.0.1:\(receiver.port)"], "refused destinations never reach the proxy: \(proxy.events())")
        #expect(proxy.events().filter { $0 == "accepted" }.count == 1, "\(proxy.events())")
        #expect(await gateway.stop() == 0, "\(gateway.stderr)")
        expectNoToken(in: gateway.stderr, "the log")
    }

    /// Mail to the routes whose webhooks the policy refuses: each delivery fails for good on its first attempt,
    /// logged once, and the history the API serves names the URL without its token.
    private func expectRefusedDeliveriesFailAtOnce(_ gateway: GatewayInstance) async throws {
        let auth = ["-H", "Authorization: Bearer \(gateway.apiKey)"]
        for recipient in ["ops@internal.example.com", "ops@metadata.example.com"] {
            let swaks = try await gateway.swaks(to: recipient)
            #expect(swaks.status == 0, "accepted: the webhook is the operator's problem, not the sender's. \(swaks.output)")
            let id = try #require(swaks.output.range(of: "queued as ").map { String(swaks.output[$0.upperBound...].prefix { !$0.isWhitespace }) })
            var deliveries: [[String: Any]] = []
            var report: [String: Any] = [:]
            let deadline = ContinuousClock.now + .seconds(20)
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                report = try await curlJSON(gateway.base + "/v1/inbound/messages/\(id)/deliveries", auth)
                deliveries = report["deliveries"] as? [[String: Any]] ?? []
            } while deliveries.first?["state"] as? String != "failed" && ContinuousClock.now < deadline
            #expect(deliveries.count == 1)
            #expect(deliveries.first?["state"] as? String == "failed", "failed for good, not queued for a retry: \(report)")
            #expect(deliveries.first?["attempts"] as? Int == 1)
            let lastError = deliveries.first?["last_error"] as? String ?? ""
            #expect(lastError.contains("refused") && lastError.contains("not retried"), "\(lastError)")
            #expect(lastError.contains("?<redacted>"), "\(lastError)")
            let text = String(decoding: try JSONSerialization.data(withJSONObject: report), as: UTF8.self)
            expectNoToken(in: text, "the delivery history")
        }
        let ended = gateway.stderr.split(separator: "\n").filter { $0.contains("delivery ended without success") }
        #expect(ended.count == 2, "one line per refused delivery: \(ended)")
    }

    private func expectNoToken(in text: String, _ place: String) {
        for token in Self.tokens { #expect(!text.contains(token), "\(token) in \(place)") }
    }

    private func curlJSON(_ url: String, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await ExternalTool.run("curl", ["-s", "-m", "10"] + arguments + [url])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return try #require(object, "\(url): \(result.output)")
    }
}
