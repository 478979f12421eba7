import Foundation
import MailgateTestSupport
import Synchronization
import Testing

@testable import HTTPClient

/// `delivery.proxy`: requests tunnelled through a real CONNECT proxy on 127.0.0.1, with the destination
/// checked (and pinned) before the proxy is contacted.
@Suite struct CurlProxyTests {
    let directory: TemporaryDirectory
    let server: TestHTTPServer
    let proxy: ConnectProxy
    let local = DestinationPolicy(allowLoopback: true)

    init() async throws {
        directory = try TemporaryDirectory()
        server = try await TestHTTPServer()
        proxy = try await ConnectProxy(directory: directory.path)
    }

    func client(pinner: DestinationPinner = .system) -> CurlHTTPClient {
        CurlHTTPClient(configuration: HTTPClientConfiguration(userAgent: "mailgate/test", proxy: proxy.url), pinner: pinner)
    }

    @Test func anHTTPWebhookGoesThroughATunnelToTheCheckedAddress() async throws {
        let client = client()
        let response = try await client.execute(HTTPRequest(url: "http://127.0.0.1:\(server.port)/echo", body: [1], destinationPolicy: local))
        #expect(response.status == 200)
        #expect(response.remoteAddress == "127.0.0.1", "the webhook's address, not the proxy's")
        #expect(proxy.connectTargets() == ["127.0.0.1:\(server.port)"], "\(proxy.events())")
        #expect(!proxy.events().contains { $0.hasPrefix("refused") }, "never a plain proxied request")
        await client.shutdown()
    }

    @Test func aNameIsResolvedHereAndTheTunnelNamesTheAddress() async throws {
        let client = client()
        let response = try await client.execute(HTTPRequest(url: "http://localhost:\(server.port)/echo", body: [1], destinationPolicy: local))
        #expect(response.status == 200)
        let target = try #require(proxy.connectTargets().first)
        let host = String(target[..<target.lastIndex(of: ":")!]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        #expect(AddressClass.of(host) == .loopback, "CONNECT names the checked address, not the name: \(target)")
        await client.shutdown()
    }

    @Test(arguments: [
        "http://10.0.0.1/hooks", "http://169.254.169.254/latest/meta-data", "https://[::ffff:10.0.0.1]/x", "http://localhost:%d/echo",
    ])
    func aRefusedDestinationNeverReachesTheProxy(template: String) async throws {
        let client = client()
        let url = template.replacingOccurrences(of: "%d", with: "\(server.port)")
        do {
            _ = try await client.execute(HTTPRequest(url: url, body: [1]))
            Issue.record("expected \(url) to be refused")
        } catch let error as HTTPClientError {
            guard case .destinationRefused = error else { Issue.record("expected destinationRefused, got \(error)"); return }
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(proxy.events().isEmpty, "not even a connection to the proxy: \(proxy.events())")
        await client.shutdown()
    }

    /// libcurl keys connection reuse on the connect-to target too: a tunnel opened to one checked address is
    /// never used for a request pinned to another, even for the same URL.
    @Test func aTunnelIsReusedOnlyForTheSamePinnedAddress() async throws {
        let answers = Mutex(["127.0.0.1", "127.0.0.1", "127.0.0.2"])
        let pinner = DestinationPinner { _ throws(HTTPClientError) in [answers.withLock { $0.removeFirst() }] }
        let client = client(pinner: pinner)
        let url = "http://webhook.invalid:\(server.port)/echo"
        for _ in 0..<2 {
            let response = try await client.execute(HTTPRequest(url: url, body: [1], destinationPolicy: local))
            #expect(response.status == 200)
        }
        #expect(proxy.connectTargets() == ["127.0.0.1:\(server.port)"], "the second request rode the first tunnel: \(proxy.events())")
        // Nothing listens on 127.0.0.2: the request fails, but only after the proxy was asked for a new tunnel.
        _ = try? await client.execute(HTTPRequest(url: url, body: [1], destinationPolicy: local))
        #expect(proxy.connectTargets() == ["127.0.0.1:\(server.port)", "127.0.0.2:\(server.port)"], "\(proxy.events())")
        await client.shutdown()
    }
}
