import Foundation
import MailgateTestSupport
import Testing

/// Issue #11 end to end, with curl against a real `mailgate serve` relaying to aiosmtpd: a key's senders (403
/// for a `From` it does not own), its rate limit (429 with `Retry-After` and the `RateLimit-*` fields after a
/// burst), and `GET /v1/messages` with filters and paging after a few sends.
@Suite(.serialized) struct KeyRulesAndListingTests {
    static func gateway(sink: SMTPSink, store: GatewayInstance.Store = .sqlite, http: String) async throws -> GatewayInstance {
        try await GatewayInstance(store: store, routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
              retry: { initial_delay: 1s, max_delay: 2s }
            """, http: http)
    }

    /// One curl run over several requests (`count` copies of the same one, on one connection): each answer's
    /// status and header fields, in order.
    static func curl(
        _ gateway: GatewayInstance, _ method: String, _ path: String, body: String? = nil, count: Int = 1
    ) async throws -> [(status: Int, headers: [String: String], body: String)] {
        var arguments = ["-s", "-i", "-m", "30", "-X", method, "-H", "Authorization: Bearer \(gateway.apiKey)"]
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        arguments += Array(repeating: gateway.base + path, count: count)
        let result = try await ExternalTool.run("curl", arguments)
        #expect(result.status == 0, "curl: \(result.output)")
        // Each answer starts with its status line; the body is the text after the blank line.
        let answers = result.output.components(separatedBy: "HTTP/1.1 ").dropFirst()
        return answers.map { answer in
            let parts = answer.components(separatedBy: "\r\n\r\n")
            let lines = parts[0].components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return (Int(lines[0].prefix(3)) ?? 0, headers, parts.dropFirst().joined(separator: "\r\n\r\n"))
        }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aFromTheKeyDoesNotOwnIs403AndNothingIsStored() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink, http: #", key_senders: [{ key: e2e, allow: ["*@billing.example.com"] }]"#)
        try await gateway.start()

        let foreign = try #require(try await Self.curl(
            gateway, "POST", "/v1/messages", body: #"{"from": "App <app@example.com>", "to": ["a@example.net"], "text": "x"}"#).first)
        #expect(foreign.status == 403, "\(foreign.body) \(gateway.stderr)")
        let error = Self.json(foreign.body)["error"] as? [String: Any]
        #expect(error?["code"] as? String == "sender_not_allowed")
        #expect(error?["field"] as? String == "/from")
        let bounce = try #require(try await Self.curl(
            gateway, "POST", "/v1/messages",
            body: #"{"from": "app@billing.example.com", "to": ["a@example.net"], "text": "x", "envelope": {"mail_from": "b@example.org"}}"#).first)
        #expect(bounce.status == 403)
        #expect((Self.json(bounce.body)["error"] as? [String: Any])?["field"] as? String == "/envelope/mail_from")

        let owned = try #require(try await Self.curl(
            gateway, "POST", "/v1/messages", body: #"{"from": "app@billing.example.com", "to": ["a@example.net"], "text": "x"}"#).first)
        #expect(owned.status == 202, "\(owned.body)")
        let listed = try #require(try await Self.curl(gateway, "GET", "/v1/messages").first)
        let messages = Self.json(listed.body)["messages"] as? [[String: Any]] ?? []
        #expect(messages.map { $0["mail_from"] as? String } == ["app@billing.example.com"], "the refused requests left nothing")
        await gateway.stop()
        await sink.stop()
    }

    @Test func aBurstOverTheRequestLimitIs429WithRateLimitFields() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink, http: ", rate_limits: { requests_per_second: 1, keys: [{ key: e2e, requests_per_second: 2 }] }")
        try await gateway.start()

        // Eight requests on one connection take far less than the three seconds that would refill the bucket.
        let answers = try await Self.curl(gateway, "GET", "/v1/messages?limit=1", count: 8)
        #expect(answers.count == 8)
        #expect(answers.prefix(2).map(\.status) == [200, 200], "\(answers.map(\.status))")
        #expect(answers.first?.headers["ratelimit-limit"] == "2")
        #expect(answers.first?.headers["ratelimit-remaining"] == "1")
        let refused = try #require(answers.first { $0.status == 429 }, "\(answers.map(\.status))")
        #expect(refused.headers["retry-after"] == "1")
        #expect(refused.headers["ratelimit-limit"] == "2")
        #expect(refused.headers["ratelimit-remaining"] == "0")
        #expect(refused.headers["ratelimit-reset"].flatMap(Int.init).map { (1...1).contains($0) } == true)
        #expect((Self.json(refused.body)["error"] as? [String: Any])?["code"] as? String == "rate_limited")

        // The refusals are counted by key.
        try await Task.sleep(for: .seconds(1))
        let metrics = try #require(try await TestNetwork.get(gateway.base + "/metrics"))
        let refusals = answers.filter { $0.status == 429 }.count
        #expect(metrics.body.contains(#"mailgate_http_rate_limited_total{key="e2e",limit="requests"} \#(refusals)"#), "\(metrics.body)")
        await gateway.stop()
        await sink.stop()
    }

    @Test(arguments: TemporaryPostgres.isAvailable ? GatewayInstance.Store.allCases : [.sqlite])
    func listingFiltersAndPages(store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink, store: store, http: "")
        try await gateway.start()

        var ids: [String] = []
        for (to, tag) in [("one@example.net", "welcome"), ("bounce@example.net", "welcome"), ("two@example.net", "receipt"), ("three@example.net", "welcome")] {
            let answer = try #require(try await Self.curl(
                gateway, "POST", "/v1/messages", body: #"{"from": "app@example.com", "to": ["\#(to)"], "text": "x", "tags": ["\#(tag)"]}"#).first)
            #expect(answer.status == 202, "\(answer.body) \(gateway.stderr)")
            ids.append(Self.json(answer.body)["id"] as? String ?? "")
        }
        // Wait until the relay has answered for all four.
        let deadline = ContinuousClock.now + .seconds(30)
        var statuses: [String: String] = [:]
        repeat {
            let page = try #require(try await Self.curl(gateway, "GET", "/v1/messages").first)
            for message in Self.json(page.body)["messages"] as? [[String: Any]] ?? [] {
                let recipient = (message["recipients"] as? [[String: Any]])?.first
                statuses[message["id"] as? String ?? ""] = recipient?["status"] as? String
            }
            if statuses.values.filter({ $0 == "relayed" || $0 == "bounced" }).count == 4 { break }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        #expect(ids.map { statuses[$0] } == ["relayed", "bounced", "relayed", "relayed"], "\(gateway.stderr)")

        func list(_ query: String) async throws -> (ids: [String], next: String?) {
            let answer = try #require(try await Self.curl(gateway, "GET", "/v1/messages?" + query).first)
            #expect(answer.status == 200, "\(query): \(answer.body)")
            let page = Self.json(answer.body)
            return ((page["messages"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }, page["next_cursor"] as? String)
        }
        // Newest first; the tag filter; tag and status together (AND); a recipient without regard to case.
        #expect(try await list("").ids == ids.reversed())
        #expect(try await list("tag=welcome").ids == [ids[3], ids[1], ids[0]])
        #expect(try await list("tag=welcome&status=relayed").ids == [ids[3], ids[0]])
        #expect(try await list("status=bounced").ids == [ids[1]])
        #expect(try await list("recipient=TWO@example.net").ids == [ids[2]])
        #expect(try await list("tag=none").ids == [])

        // Paging two at a time walks every message once, the last page with a null cursor.
        let first = try await list("limit=2")
        #expect(first.ids == [ids[3], ids[2]])
        let cursor = try #require(first.next)
        let second = try await list("limit=2&cursor=\(cursor)")
        #expect(second.ids == [ids[1], ids[0]])
        if let next = second.next { #expect(try await list("limit=2&cursor=\(next)") == ([], nil)) }

        // Bad parameters name themselves.
        for (query, field) in [("limit=0", "limit"), ("status=lost", "status"), ("since=yesterday", "since"), ("cursor=%2F", "cursor")] {
            let answer = try #require(try await Self.curl(gateway, "GET", "/v1/messages?" + query).first)
            #expect(answer.status == 400, "\(query): \(answer.body)")
            #expect((Self.json(answer.body)["error"] as? [String: Any])?["field"] as? String == field, "\(query): \(answer.body)")
        }
        await gateway.stop()
        await sink.stop()
    }
}
