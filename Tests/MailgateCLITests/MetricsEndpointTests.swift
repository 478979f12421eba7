import Foundation
import MailgateTestSupport
import Testing

/// `/metrics` on a listener of its own, and behind a bearer token, against the real `mailgate serve` with curl.
@Suite struct MetricsEndpointTests {
    private let token = "metrics-token-" + UUID().uuidString

    @Test func aListenerOfItsOwnWithAToken() async throws {
        let secrets = try TemporaryDirectory()
        let tokenFile = try secrets.write("metrics-token", token + "\n")
        let metricsPort = try LoopbackPort.free()
        let gateway = try await GatewayInstance(routes: """
            routes: []
            metrics: { address: 127.0.0.1, port: \(metricsPort), token_file: \(tokenFile) }
            """)
        try await gateway.start()
        let metrics = "http://127.0.0.1:\(metricsPort)/metrics"

        let scraped = try #require(try await TestNetwork.request("GET", metrics, headers: ["Authorization": "Bearer \(token)"]))
        #expect(scraped.status == 200)
        #expect(scraped.body.contains("# TYPE"), "Prometheus text: \(scraped.body.prefix(200))")
        #expect(try await TestNetwork.get(metrics)?.status == 401)
        #expect(try await TestNetwork.request("GET", metrics, headers: ["Authorization": "Bearer wrong-\(token)"])?.status == 401)
        // The API's listener no longer serves it, with or without the token.
        #expect(try await TestNetwork.get(gateway.base + "/metrics")?.status == 404)
        #expect(try await TestNetwork.request("GET", gateway.base + "/metrics", headers: ["Authorization": "Bearer \(token)"])?.status == 404)
        #expect(try await TestNetwork.get(gateway.base + "/readyz")?.status == 200, "the probes stay on the API's listener")
        #expect(await gateway.stop() == 0)
    }

    @Test func aTokenOnTheAPIListener() async throws {
        let secrets = try TemporaryDirectory()
        let tokenFile = try secrets.write("metrics-token", token + "\n")
        let gateway = try await GatewayInstance(routes: """
            routes: []
            metrics: { token_file: \(tokenFile) }
            """)
        try await gateway.start()
        let metrics = gateway.base + "/metrics"
        let refused = try #require(try await TestNetwork.get(metrics))
        #expect(refused.status == 401)
        #expect(refused.body.contains("metrics token is required"), "\(refused.body)")
        // An API key is not a metrics token.
        #expect(try await TestNetwork.request("GET", metrics, headers: ["Authorization": "Bearer \(gateway.apiKey)"])?.status == 401)
        #expect(try await TestNetwork.request("GET", metrics, headers: ["Authorization": "bearer \(token)"])?.status == 200)
        #expect(await gateway.stop() == 0)
    }

    @Test func aTokenFileOthersMayReadIsRefused() async throws {
        let secrets = try TemporaryDirectory()
        let tokenFile = try secrets.write("metrics-token", token + "\n", permissions: 0o644)
        let gateway = try await GatewayInstance(routes: """
            routes: []
            metrics: { token_file: \(tokenFile) }
            """)
        let check = try await MailgateProcess.run(["check-config", "--config", gateway.configPath], directory: gateway.directory.path)
        #expect(check.status == 78)
        #expect(check.stderr.contains("metrics.token_file: \(tokenFile) holds a secret"), "\(check.stderr)")
        #expect(check.stderr.contains("chmod 600 \(tokenFile)"))
    }
}
