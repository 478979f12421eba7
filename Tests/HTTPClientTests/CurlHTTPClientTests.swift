import Foundation
import HTTPClient
import MailgateTestSupport
import Testing

/// The libcurl client against a real HTTP server on 127.0.0.1.
@Suite struct CurlHTTPClientTests {
    let server: TestHTTPServer
    let client: CurlHTTPClient
    let local = DestinationPolicy(allowLoopback: true)

    init() async throws {
        server = try await TestHTTPServer()
        client = CurlHTTPClient(configuration: HTTPClientConfiguration(maxResponseBodyBytes: 1 << 20, userAgent: "mailgate/test"))
    }

    var base: String { "http://127.0.0.1:\(server.port)" }

    struct Echo: Decodable {
        var method: String
        var headers: [[String]]
        var body: String
        var client_port: Int

        func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }
    }

    @Test func postsTheBodyAndHeadersExactly() async throws {
        let body = Array("{\"id\":\"msg_1\",\"text\":\"héllo\"}".utf8) + Array(repeating: UInt8(ascii: "a"), count: 200_000)
        let response = try await client.execute(HTTPRequest(
            url: base + "/echo", headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("webhook-id", "msg_1")],
            body: body, destinationPolicy: local))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.remoteAddress == "127.0.0.1")
        let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        #expect(echo.method == "POST")
        #expect(Data(base64Encoded: echo.body) == Data(body))
        #expect(echo.header("webhook-id") == "msg_1")
        #expect(echo.header("user-agent") == "mailgate/test")
        #expect(echo.header("expect") == nil, "no 100-continue round trip")
    }

    @Test(arguments: [200, 204, 410, 422, 429, 503])
    func anyStatusIsAResponseNotAnError(status: Int) async throws {
        let response = try await client.execute(HTTPRequest(method: .get, url: base + "/status/\(status)", destinationPolicy: local))
        #expect(response.status == status)
        if status == 429 || status == 503 { #expect(response.header("Retry-After") == "120") }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let response = try await client.execute(HTTPRequest(method: .get, url: base + "/redirect", destinationPolicy: local))
        #expect(response.status == 302)
        #expect(response.header("location") == "/echo")
    }

    @Test func responseBodiesAreBounded() async throws {
        let response = try await client.execute(HTTPRequest(method: .get, url: base + "/big/3000000", destinationPolicy: local))
        #expect(response.status == 200)
        #expect(response.bodyTruncated)
        #expect(response.body.count == 1 << 20)
        let small = try await client.execute(HTTPRequest(method: .get, url: base + "/big/1000", destinationPolicy: local))
        #expect(!small.bodyTruncated && small.body.count == 1000)
    }

    @Test func aSlowReceiverTimesOut() async throws {
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPRequest(method: .get, url: base + "/sleep/3000", timeout: .milliseconds(300), destinationPolicy: local))
        }
        do {
            _ = try await client.execute(HTTPRequest(method: .get, url: base + "/sleep/3000", timeout: .milliseconds(300), destinationPolicy: local))
        } catch let error as HTTPClientError {
            guard case .timedOut = error else { Issue.record("expected timedOut, got \(error)"); return }
        }
    }

    @Test func aClosedPortIsCouldNotConnect() async throws {
        let closed = try LoopbackPort.free()
        do {
            _ = try await client.execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(closed)/", destinationPolicy: local))
            Issue.record("expected an error")
        } catch let error as HTTPClientError {
            guard case .couldNotConnect = error else { Issue.record("expected couldNotConnect, got \(error)"); return }
        }
    }

    @Test(arguments: [
        ("http://127.0.0.1:%d/echo", "127.0.0.1"),
        ("http://localhost:%d/echo", "127.0.0.1 or ::1"),
        ("http://[::ffff:127.0.0.1]:%d/echo", "::ffff:127.0.0.1"),
    ])
    func loopbackIsRefusedUnlessAllowed(template: String, address: String) async throws {
        let url = String(format: template, server.port)
        do {
            _ = try await client.execute(HTTPRequest(url: url, body: Array("x".utf8)))
            Issue.record("expected the destination to be refused")
        } catch let error as HTTPClientError {
            guard case .destinationRefused(let refused, _) = error else { Issue.record("got \(error)"); return }
            #expect(address.components(separatedBy: " or ").contains(refused))
        }
    }

    /// libcurl reuses a connection for the same scheme, host and port whatever the policy of the request that
    /// opened it: each request's own policy is checked on the connection it is sent on, new or reused.
    @Test func aReusedConnectionIsCheckedAgainstTheRequestsOwnPolicy() async throws {
        let url = base + "/echo"
        let first = try await client.execute(HTTPRequest(url: url, body: Array("1".utf8), destinationPolicy: local))
        #expect(first.status == 200)
        do {
            _ = try await client.execute(HTTPRequest(url: url, body: Array("2".utf8)))
            Issue.record("a public-only request was sent on the loopback connection another request opened")
        } catch let error as HTTPClientError {
            guard case .destinationRefused(let address, _) = error else { Issue.record("got \(error)"); return }
            #expect(address == "127.0.0.1")
        }
        let third = try await client.execute(HTTPRequest(url: url, body: Array("3".utf8), destinationPolicy: local))
        #expect(third.status == 200)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let started = ContinuousClock.now
        let (client, request) = (client, HTTPRequest(method: .get, url: base + "/sleep/20000", timeout: .seconds(30), destinationPolicy: local))
        let task = Task { try await client.execute(request) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(15), "well before the receiver would answer")
        guard case .failure(let error as HTTPClientError) = result, error == .cancelled else {
            Issue.record("expected cancelled, got \(result)")
            return
        }
    }

    @Test func connectionsAreReusedAcrossManyConcurrentRequests() async throws {
        let (client, url, local) = (client, base + "/echo", local)
        let ports = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let response = try await client.execute(HTTPRequest(url: url, body: Array("\(index)".utf8), destinationPolicy: local))
                    #expect(response.status == 200)
                    return try JSONDecoder().decode(Echo.self, from: Data(response.body)).client_port
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(ports.count <= 16, "at most maxConnectionsPerHost connections for 200 requests, saw \(ports.count)")
    }

    @Test func shutdownRefusesNewRequests() async throws {
        let other = CurlHTTPClient(configuration: HTTPClientConfiguration(userAgent: "t"))
        await other.shutdown()
        await #expect(throws: HTTPClientError.shutDown) {
            _ = try await other.execute(HTTPRequest(method: .get, url: base + "/status/200", destinationPolicy: local))
        }
    }
}

