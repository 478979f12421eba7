import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HTTPAPI

/// Each inbound endpoint's status, content type and JSON shape, over a fake catalog.
@Suite struct InboundRoutesTests {
    static let received = Date(timeIntervalSince1970: 1_795_000_000.25)
    static let summaries = [
        InboundMessageSummary(
            id: "m1", receivedAt: received, mailFrom: "app@example.com", rcptTo: ["a@support.example.com", "b@x.org"],
            size: 5120, subject: "Hello", status: .delivered, listener: "submission"),
        InboundMessageSummary(
            id: "m2", receivedAt: received.addingTimeInterval(-60), mailFrom: "", rcptTo: ["a@support.example.com"],
            size: 900, subject: nil, status: .held, listener: nil),
    ]

    @Test func listReturnsMessagesInSnakeCaseWithISODatesAndNulls() async throws {
        let catalog = FakeInboundCatalog(page: InboundListPage(messages: Self.summaries, nextCursor: "c2"))
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let document = try response.json
                #expect(Set(document.keys) == ["messages", "next_cursor"])
                #expect(document["next_cursor"] as? String == "c2")
                let messages = try #require(document["messages"] as? [[String: Any]])
                #expect(messages.count == 2)
                let keys: Set<String> = ["id", "received_at", "mail_from", "rcpt_to", "size", "subject", "status", "listener"]
                #expect(Set(messages[0].keys) == keys)
                #expect(Set(messages[1].keys) == keys, "absent values are written as null, not left out")
                #expect(messages[0]["received_at"] as? String == "2026-11-18T11:06:40.250Z")
                #expect(messages[0]["mail_from"] as? String == "app@example.com")
                #expect(messages[0]["rcpt_to"] as? [String] == ["a@support.example.com", "b@x.org"])
                #expect(messages[0]["size"] as? Int == 5120)
                #expect(messages[0]["status"] as? String == "delivered")
                #expect(messages[0]["listener"] as? String == "submission")
                #expect(messages[1]["subject"] is NSNull)
                #expect(messages[1]["listener"] is NSNull)
                #expect(messages[1]["status"] as? String == "held")
            }
        }
        #expect(await catalog.queries == [InboundListQuery()], "no parameters: the defaults, limit 50")
    }

    @Test func lastPageHasANullCursor() async throws {
        let catalog = FakeInboundCatalog(page: InboundListPage(messages: [], nextCursor: nil))
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"messages":[],"next_cursor":null}"#)
            }
        }
    }

    @Test func filtersAndPagingReachTheCatalog() async throws {
        let catalog = FakeInboundCatalog()
        let uri = "/v1/inbound/messages?recipient=a%40support.example.com&sender=app@example.com"
            + "&since=2026-11-18T07:00:00Z&until=2026-11-18T09:00:00.500%2B01:00&status=dead&limit=500&cursor=abc%3D%3D"
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: uri, method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
        }
        #expect(
            await catalog.queries == [
                InboundListQuery(
                    recipient: "a@support.example.com", sender: "app@example.com",
                    since: Date(timeIntervalSince1970: 1_794_985_200), until: Date(timeIntervalSince1970: 1_794_988_800.5),
                    status: .dead, limit: 500, cursor: "abc==")
            ])
    }

    @Test func anEmptySenderMeansTheNullSender() async throws {
        let catalog = FakeInboundCatalog()
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages?sender=", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(await catalog.queries.map(\.sender) == [""])
    }

    @Test func documentIsReturnedByteForByte() async throws {
        let document = Array(#"{"id":"m1","received_at":"2026-11-18T11:06:40.250Z","message":{"subject":"Héllo"}}"#.utf8)
        let catalog = FakeInboundCatalog(documents: ["m1": document])
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages/m1", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(Array(response.body.readableBytesView) == document)
            }
        }
    }

    @Test func rawIsMessageRFC822() async throws {
        let raw = Array("Received: from client\r\nSubject: Hi\r\n\r\nbody\r\n".utf8)
        let catalog = FakeInboundCatalog(raws: ["m1": raw])
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages/m1/raw", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "message/rfc822")
                #expect(Array(response.body.readableBytesView) == raw)
            }
        }
    }

    @Test func deliveriesReportHasEveryKeyInSnakeCase() async throws {
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let report = InboundDeliveryReport(
            deliveries: [
                InboundDelivery(
                    id: "d1", route: "support", webhook: "https://app.internal/hooks/mail", recipients: ["a@support.example.com"],
                    state: "pending", attempts: 2, lastError: "HTTP 503", nextAttemptAt: at.addingTimeInterval(30), finishedAt: nil),
                InboundDelivery(
                    id: "d2", route: nil, webhook: nil, recipients: [], state: "completed", attempts: 1, lastError: nil,
                    nextAttemptAt: nil, finishedAt: at),
            ],
            events: [
                InboundDeliveryEvent(at: at, type: "attempt.failed", detail: "HTTP 503", deliveryID: "d1", recipient: nil),
                InboundDeliveryEvent(at: at, type: "accepted", detail: nil, deliveryID: nil, recipient: "a@support.example.com"),
            ])
        let catalog = FakeInboundCatalog(reports: ["m1": report])
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages/m1/deliveries", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let document = try response.json
                #expect(Set(document.keys) == ["deliveries", "events"])
                let deliveries = try #require(document["deliveries"] as? [[String: Any]])
                let deliveryKeys: Set<String> = [
                    "id", "route", "webhook", "recipients", "state", "attempts", "last_error", "next_attempt_at", "finished_at",
                ]
                #expect(deliveries.map { Set($0.keys) } == [deliveryKeys, deliveryKeys])
                #expect(deliveries[0]["next_attempt_at"] as? String == "2026-11-18T11:07:10.000Z")
                #expect(deliveries[0]["finished_at"] is NSNull)
                #expect(deliveries[0]["last_error"] as? String == "HTTP 503")
                #expect(deliveries[0]["attempts"] as? Int == 2)
                #expect(deliveries[1]["route"] is NSNull)
                #expect(deliveries[1]["webhook"] is NSNull)
                #expect(deliveries[1]["finished_at"] as? String == "2026-11-18T11:06:40.000Z")
                let events = try #require(document["events"] as? [[String: Any]])
                let eventKeys: Set<String> = ["at", "type", "detail", "delivery_id", "recipient"]
                #expect(events.map { Set($0.keys) } == [eventKeys, eventKeys])
                #expect(events[0]["delivery_id"] as? String == "d1")
                #expect(events[0]["recipient"] is NSNull)
                #expect(events[1]["detail"] is NSNull)
            }
        }
    }

    @Test func redeliverAnswers202WithTheNewDeliveries() async throws {
        let catalog = FakeInboundCatalog(redeliveries: ["m1": InboundRedelivery(deliveries: ["d3", "d4"])])
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(
                uri: "/v1/inbound/messages/m1/redeliver", method: .post, headers: TestAPI.bearer(TestAPI.redeliverer.key)
            ) { response in
                #expect(response.status == .accepted)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.text == #"{"deliveries":["d3","d4"]}"#)
            }
        }
        #expect(await catalog.redelivered == ["m1"])
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/v1/inbound/messages/nope"),
        (.get, "/v1/inbound/messages/nope/raw"),
        (.get, "/v1/inbound/messages/nope/deliveries"),
        (.post, "/v1/inbound/messages/nope/redeliver"),
    ])
    func unknownMessageIs404InTheErrorFormat(method: HTTPRequest.Method, uri: String) async throws {
        try await TestAPI(catalog: FakeInboundCatalog()).run { client in
            try await client.execute(uri: uri, method: method, headers: TestAPI.bearer(TestAPI.admin.key)) { response in
                #expect(response.status == .notFound)
                let error = try response.apiError()
                #expect(error["code"] as? String == "not_found")
                #expect(error["message"] as? String == #"no inbound message with id "nope""#)
                #expect(error["field"] is NSNull)
            }
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.get, "/v1/inbound/messages"),
        (.get, "/v1/inbound/messages/m1"),
        (.get, "/v1/inbound/messages/m1/raw"),
        (.get, "/v1/inbound/messages/m1/deliveries"),
        (.post, "/v1/inbound/messages/m1/redeliver"),
    ])
    func withoutACatalogTheRoutesAre503(method: HTTPRequest.Method, uri: String) async throws {
        try await TestAPI(catalog: nil).run { client in
            try await client.execute(uri: uri, method: method, headers: TestAPI.bearer(TestAPI.admin.key)) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try response.apiError()
                #expect(error["code"] as? String == "unavailable")
            }
            try await client.execute(uri: uri, method: method) { response in
                #expect(response.status == .unauthorized, "authorization comes first")
            }
        }
    }

    @Test func anInvalidCursorFromTheCatalogIs400() async throws {
        let catalog = FakeInboundCatalog(failure: InboundCatalogError.invalidCursor)
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages?cursor=forged", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .badRequest)
                let error = try response.apiError()
                #expect(error["code"] as? String == "invalid_parameter")
                #expect(error["field"] as? String == "cursor")
            }
        }
    }
}
