import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOConcurrencyHelpers
import Prometheus
import Testing

@testable import HTTPAPI

/// Per-key senders and rate limits as the routes answer them: 403 naming the field, 429 with `Retry-After` and
/// the `RateLimit-*` fields, the fields on answers that pass, and the refusal counter. Time is a manual clock.
@Suite struct KeyRulesRoutesTests {
    /// A monotonic clock the test moves by hand.
    final class ManualClock: Sendable {
        private let value = NIOLockedValueBox(Duration.zero)
        var now: Duration { value.withLockedValue { $0 } }
        func advance(by duration: Duration) { value.withLockedValue { $0 += duration } }
    }

    static let body = #"{"from": "app@billing.example.com", "to": ["a@example.net", "b@example.net"], "text": "x"}"#

    static func send(_ client: some TestClientProtocol, _ body: String = body, key: String = TestAPI.sender.key) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/messages", method: .post, headers: SendAPIRoutesTests.headers(key), body: ByteBuffer(string: body))
    }

    @Test(arguments: [
        (#"{"from": "app@example.com", "to": ["a@example.net"], "text": "x"}"#, "/from"),
        (#"{"from": "App <app@billing.example.com>", "to": ["a@example.net"], "text": "x", "envelope": {"mail_from": "bounces@example.com"}}"#, "/envelope/mail_from"),
        (#"{"from": "app@billing.example.com", "to": ["a@example.net"], "text": "x", "envelope": {"mail_from": ""}}"#, "/envelope/mail_from"),
    ])
    func aSenderTheKeyDoesNotOwnIs403(body: String, field: String) async throws {
        let service = FakeOutboundService()
        var api = TestAPI(outbound: service)
        api.keyRules = APIKeyRules(senders: APIKeySenders(["sender": [AddressPattern("*@billing.example.com")]]))
        try await api.run { client in
            let response = try await Self.send(client, body)
            #expect(response.status == .forbidden, "\(response.text)")
            let error = try response.apiError()
            #expect(error["code"] as? String == "sender_not_allowed")
            #expect(error["field"] as? String == field)
            // Another key without a rule may use any sender.
            let admin = try await Self.send(client, body, key: TestAPI.admin.key)
            #expect(admin.status == .accepted, "\(admin.text)")
        }
        #expect(service.submissions.withLockedValue { $0.count } == 1, "only the admin's message reached the service")
    }

    @Test func anOwnedSenderIsAccepted() async throws {
        var api = TestAPI(outbound: FakeOutboundService())
        api.keyRules = APIKeyRules(senders: APIKeySenders(["sender": [AddressPattern("*@billing.example.com")]]))
        try await api.run { client in
            let response = try await Self.send(client)
            #expect(response.status == .accepted, "\(response.text)")
        }
    }

    @Test func aBurstOverTheRequestLimitIs429WithHeaders() async throws {
        let clock = ManualClock()
        var api = TestAPI(outbound: FakeOutboundService())
        api.keyRules = APIKeyRules(rateLimits: APIRateLimits(keys: ["sender": .init(requests: .perSecond(3))]))
        api.limiterClock = { clock.now }
        let registry = api.registry
        try await api.run { client in
            for remaining in [2, 1, 0] {
                let response = try await Self.send(client)
                #expect(response.status == .accepted, "\(response.text)")
                #expect(response.headers[RateLimitHeaders.limit] == "3")
                #expect(response.headers[RateLimitHeaders.remaining] == String(remaining))
                #expect(response.headers[RateLimitHeaders.reset] == "1")
            }
            let refused = try await Self.send(client)
            #expect(refused.status == .tooManyRequests)
            #expect(try refused.apiError()["code"] as? String == "rate_limited")
            #expect(refused.headers[.retryAfter] == "1")
            #expect(refused.headers[RateLimitHeaders.limit] == "3")
            #expect(refused.headers[RateLimitHeaders.remaining] == "0")
            // The limit counts every request of the key, reads too; other keys have none.
            let read = try await client.execute(uri: "/v1/messages/none", method: .get, headers: TestAPI.bearer(TestAPI.sender.key))
            #expect(read.status == .tooManyRequests)
            let admin = try await Self.send(client, key: TestAPI.admin.key)
            #expect(admin.status == .accepted && admin.headers[RateLimitHeaders.limit] == nil)

            clock.advance(by: .milliseconds(400))
            let refill = try await Self.send(client)
            #expect(refill.status == .accepted, "0.4 s at 3/s is one more request")
            #expect(refill.headers[RateLimitHeaders.remaining] == "0")
        }
        let text = registry.emitToString()
        #expect(text.contains(#"mailgate_http_rate_limited_total{key="sender",limit="requests"} 2"#), "\(text)")
    }

    @Test func recipientsOverTheHourlyLimitAre429() async throws {
        let clock = ManualClock()
        let service = FakeOutboundService()
        var api = TestAPI(outbound: service)
        api.keyRules = APIKeyRules(rateLimits: APIRateLimits(defaults: .init(recipients: .perHour(3))))
        api.limiterClock = { clock.now }
        try await api.run { client in
            #expect(try await Self.send(client).status == .accepted)
            let refused = try await Self.send(client)
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(refused.headers[RateLimitHeaders.limit] == "3")
            #expect(refused.headers[RateLimitHeaders.remaining] == "1")
            // One recipient is back after 1200 s; the second one is missing.
            #expect(refused.headers[.retryAfter] == "1200")
            let one = #"{"from": "app@example.com", "to": ["a@example.net"], "text": "x"}"#
            #expect(try await Self.send(client, one).status == .accepted)
            clock.advance(by: .seconds(2400))
            #expect(try await Self.send(client).status == .accepted)
        }
        #expect(service.submissions.withLockedValue { $0.count } == 3)
    }
}
