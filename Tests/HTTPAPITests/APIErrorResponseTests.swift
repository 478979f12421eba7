import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HTTPAPI

/// The error format and request ids: every error is `{"error":{code,message,field,request_id}}`,
/// every response has `x-request-id`, and a backend failure never leaks its text.
@Suite struct APIErrorResponseTests {
    @Test(arguments: [
        (HTTPRequest.Method.get, "/v1/nothing-here"),
        (.get, "/"),
        (.delete, "/v1/inbound/messages/m1"),
        (.post, "/healthz"),
    ])
    func unknownRouteIs404InTheErrorFormat(method: HTTPRequest.Method, uri: String) async throws {
        try await TestAPI(catalog: FakeInboundCatalog()).run { client in
            try await client.execute(uri: uri, method: method, headers: TestAPI.bearer(TestAPI.admin.key)) { response in
                #expect(response.status == .notFound)
                let error = try response.apiError()
                #expect(error["code"] as? String == "not_found")
                #expect(error["field"] is NSNull)
            }
        }
    }

    @Test func aBackendFailureIs500WithoutItsText() async throws {
        let secret = "connection to postgres://mailgate:hunter2@db.internal failed"
        let catalog = FakeInboundCatalog(failure: FakeInboundCatalog.Failure(description: secret))
        try await TestAPI(catalog: catalog).run { client in
            let routes: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/inbound/messages"), (.get, "/v1/inbound/messages/m1"), (.get, "/v1/inbound/messages/m1/raw"),
                (.get, "/v1/inbound/messages/m1/deliveries"), (.post, "/v1/inbound/messages/m1/redeliver"),
            ]
            for (method, uri) in routes {
                try await client.execute(uri: uri, method: method, headers: TestAPI.bearer(TestAPI.admin.key)) { response in
                    #expect(response.status == .internalServerError, "\(method) \(uri)")
                    let error = try response.apiError()
                    #expect(error["code"] as? String == "internal_error")
                    #expect(!response.text.contains("hunter2"))
                    #expect(!response.text.contains("postgres"))
                    #expect(!response.text.contains("Failure"))
                }
            }
        }
    }

    @Test func aSaneIncomingRequestIDIsEchoed() async throws {
        let id = "3f2c9a7e-1b44-4c1e-9a0b-5d6e7f809a1b"
        try await TestAPI(catalog: FakeInboundCatalog()).run { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [TestAPI.requestIDHeader: id]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[TestAPI.requestIDHeader] == id)
            }
            try await client.execute(
                uri: "/v1/inbound/messages/nope", method: .get,
                headers: [TestAPI.requestIDHeader: id, .authorization: "Bearer \(TestAPI.reader.key)"]
            ) { response in
                #expect(response.status == .notFound)
                let error = try response.apiError()
                #expect(error["request_id"] as? String == id)
            }
        }
    }

    @Test(arguments: [
        "",
        String(repeating: "a", count: 129),
        "id with spaces",
        "id\"quote",
        "ünïcode",
        "a=b;c",
    ])
    func anUnsafeIncomingRequestIDIsReplaced(id: String) async throws {
        try await TestAPI(catalog: FakeInboundCatalog()).run { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [TestAPI.requestIDHeader: id]) { response in
                let echoed = try #require(response.headers[TestAPI.requestIDHeader])
                #expect(echoed != id)
                #expect(echoed.count == 32 && echoed.allSatisfy(\.isHexDigit), "\(echoed)")
            }
        }
    }

    @Test func everyResponseGetsItsOwnRequestID() async throws {
        let ids = try await TestAPI(catalog: FakeInboundCatalog()).run { client in
            var ids: [String] = []
            for uri in ["/healthz", "/readyz", "/metrics", "/v1/inbound/messages", "/nowhere"] {
                let response = try await client.execute(uri: uri, method: .get)
                ids.append(try #require(response.headers[TestAPI.requestIDHeader], "\(uri)"))
            }
            return ids
        }
        #expect(Set(ids).count == ids.count)
    }

    /// The same over a real socket, so the middleware order holds in the server as built, not only in the router.
    @Test func liveServerAnswersInTheErrorFormat() async throws {
        try await TestAPI(catalog: FakeInboundCatalog()).application().test(.live) { client in
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: [TestAPI.requestIDHeader: "live-1"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="mailgate""#)
                let error = try response.apiError()
                #expect(error["request_id"] as? String == "live-1")
            }
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
                #expect(response.text == #"{"messages":[],"next_cursor":null}"#)
            }
        }
    }
}
