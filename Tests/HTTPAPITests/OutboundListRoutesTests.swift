import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Outbound
import Queue
import Testing

@testable import HTTPAPI

/// `GET /v1/messages` at the HTTP edge: the parameters reach the service as a typed query, bad ones are 400
/// naming the parameter, and the page has the spec's shape.
@Suite struct OutboundListRoutesTests {
    static func report(_ id: String, tag: String) -> OutboundMessageReport {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        return OutboundMessageReport(
            id: MessageID(id), messageID: "\(id)@test.example", mailFrom: "app@example.com", createdAt: at, sendAt: nil,
            attempts: 1, tags: [tag], metadata: ["k": "v"],
            recipients: [RecipientState(address: "a@example.net", status: .captured, reply: nil, updatedAt: at)], events: [])
    }

    static func get(_ api: TestAPI, _ uri: String) async throws -> TestResponse {
        try await api.run { client in
            try await client.execute(uri: uri, method: .get, headers: TestAPI.bearer(TestAPI.sender.key))
        }
    }

    @Test func parametersBecomeTheQueryAndThePageHasTheSpecShape() async throws {
        let service = FakeOutboundService(reports: ["m-1": Self.report("m-1", tag: "a"), "m-2": Self.report("m-2", tag: "b")])
        let uri = "/v1/messages?status=captured&recipient=a@example.net&tag=welcome&since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00%2B01:00&limit=1&cursor=0190-abc"
        let response = try await Self.get(TestAPI(outbound: service), uri)
        #expect(response.status == .ok, "\(response.text)")
        let json = try response.json
        let messages = try #require(json["messages"] as? [[String: Any]])
        #expect(messages.map { $0["id"] as? String } == ["m-2"])
        #expect(messages.first?["tags"] as? [String] == ["b"])
        #expect((messages.first?["recipients"] as? [[String: Any]])?.first?["status"] as? String == "captured")
        #expect(json["next_cursor"] as? String == "m-2")
        let query = try #require(service.listQueries.withLockedValue { $0.first })
        #expect(query.status == .captured && query.recipient == "a@example.net" && query.tag == "welcome")
        #expect(query.since == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(query.until == Date(timeIntervalSince1970: 1_769_900_400))
        #expect(query.limit == 1 && query.cursor == MessageID("0190-abc"))
    }

    @Test func theLastPageHasNoCursor() async throws {
        let service = FakeOutboundService(reports: ["m-1": Self.report("m-1", tag: "a")])
        let response = try await Self.get(TestAPI(outbound: service), "/v1/messages")
        #expect(response.status == .ok)
        #expect(try response.json["messages"] != nil && response.json["next_cursor"] == nil, "\(response.text)")
        #expect(service.listQueries.withLockedValue { $0.first?.limit } == 50)
    }

    @Test(arguments: [
        ("limit=0", "limit"), ("limit=501", "limit"), ("limit=many", "limit"), ("status=lost", "status"),
        ("since=yesterday", "since"), ("since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until"),
        ("cursor=../../etc", "cursor"), ("recipient=", "recipient"), ("tag=", "tag"),
    ])
    func badParametersAre400NamingTheParameter(query: String, field: String) async throws {
        let response = try await Self.get(TestAPI(outbound: FakeOutboundService()), "/v1/messages?\(query)")
        #expect(response.status == .badRequest, "\(query): \(response.text)")
        #expect(try response.apiError()["field"] as? String == field, "\(query): \(response.text)")
    }

    @Test func listingNeedsMessagesRead() async throws {
        let api = TestAPI(outbound: FakeOutboundService())
        try await api.run { client in
            let response = try await client.execute(uri: "/v1/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key))
            #expect(response.status == .forbidden)
        }
    }
}
