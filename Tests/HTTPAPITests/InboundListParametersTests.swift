import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HTTPAPI

/// The listing's query string: every bad parameter is a 400 naming it, and the catalog is not asked.
@Suite struct InboundListParametersTests {
    @Test(arguments: [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("limit=", "limit"),
        ("since=yesterday", "since"),
        ("since=2026-13-01T00:00:00Z", "since"),
        ("until=2026-11-18", "until"),
        ("since=2026-11-18T10:00:00Z&until=2026-11-18T09:00:00Z", "until"),
        ("status=bounced", "status"),
        ("status=", "status"),
        ("recipient=", "recipient"),
        ("cursor=", "cursor"),
        ("limit=10&limit=20", "limit"),
        ("recipients=a@b.c", "recipients"),
        ("recipient=" + String(repeating: "a", count: 1025), "recipient"),
    ])
    func badParameterIs400WithField(query: String, field: String) async throws {
        let catalog = FakeInboundCatalog()
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages?" + query, method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .badRequest, "\(query): \(response.text)")
                let error = try response.apiError()
                #expect(error["code"] as? String == "invalid_parameter")
                #expect(error["field"] as? String == field, "\(query)")
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
        #expect(await catalog.queries.isEmpty)
    }

    @Test(arguments: [
        ("limit=1", InboundListQuery(limit: 1)),
        ("status=pending", InboundListQuery(status: .pending)),
        ("since=2026-11-18T11:06:40Z", InboundListQuery(since: Date(timeIntervalSince1970: 1_795_000_000))),
        ("since=2026-11-18T11:06:40.250Z", InboundListQuery(since: Date(timeIntervalSince1970: 1_795_000_000.25))),
        ("until=2026-11-18T12:06:40%2B01:00", InboundListQuery(until: Date(timeIntervalSince1970: 1_795_000_000))),
        ("since=2026-11-18T11:06:40Z&until=2026-11-18T11:06:40Z", InboundListQuery(
            since: Date(timeIntervalSince1970: 1_795_000_000), until: Date(timeIntervalSince1970: 1_795_000_000))),
    ])
    func goodParametersBecomeTheQuery(query: String, expected: InboundListQuery) async throws {
        let catalog = FakeInboundCatalog()
        try await TestAPI(catalog: catalog).run { client in
            try await client.execute(uri: "/v1/inbound/messages?" + query, method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok, "\(query): \(response.text)")
            }
        }
        #expect(await catalog.queries == [expected])
    }
}
