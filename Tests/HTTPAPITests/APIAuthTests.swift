import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing

@testable import HTTPAPI

/// Bearer keys and scopes: 401 with a challenge without a known key, 403 without the scope.
@Suite struct APIAuthTests {
    static let routes: [(HTTPRequest.Method, String, APIScope)] = [
        (.get, "/v1/inbound/messages", .inboundRead),
        (.get, "/v1/inbound/messages/m1", .inboundRead),
        (.get, "/v1/inbound/messages/m1/raw", .inboundRead),
        (.get, "/v1/inbound/messages/m1/deliveries", .inboundRead),
        (.post, "/v1/inbound/messages/m1/redeliver", .inboundRedeliver),
    ]

    static func catalog() -> FakeInboundCatalog {
        FakeInboundCatalog(
            documents: ["m1": Array("{}".utf8)], raws: ["m1": Array("x".utf8)],
            reports: ["m1": InboundDeliveryReport(deliveries: [], events: [])],
            redeliveries: ["m1": InboundRedelivery(deliveries: [])])
    }

    @Test(arguments: [
        ([:], #"Bearer realm="mailgate""#),
        ([.authorization: "Basic dXNlcjpwYXNz"], #"Bearer realm="mailgate""#),
        ([.authorization: "Bearer"], #"Bearer realm="mailgate""#),
        ([.authorization: "Bearer mgk_not-a-key"], #"Bearer realm="mailgate", error="invalid_token""#),
    ] as [(HTTPFields, String)])
    func withoutAKnownKeyEveryRouteIs401WithAChallenge(headers: HTTPFields, challenge: String) async throws {
        try await TestAPI(catalog: Self.catalog()).run { client in
            for (method, uri, _) in Self.routes {
                try await client.execute(uri: uri, method: method, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                    #expect(response.headers[.wwwAuthenticate] == challenge)
                    let error = try response.apiError()
                    #expect(error["code"] as? String == "unauthorized")
                }
            }
        }
    }

    @Test func theSchemeNameIsCaseInsensitive() async throws {
        try await TestAPI(catalog: Self.catalog()).run { client in
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: [.authorization: "bearer \(TestAPI.reader.key)"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func eachRouteNeedsItsScope() async throws {
        let keys: [(name: String, key: String, scopes: Set<APIScope>?)] = [
            ("reader", TestAPI.reader.key, [.inboundRead]),
            ("redeliverer", TestAPI.redeliverer.key, [.inboundRedeliver]),
            ("sender", TestAPI.sender.key, [.messagesSend, .messagesRead]),
            ("admin", TestAPI.admin.key, nil),
        ]
        try await TestAPI(catalog: Self.catalog()).run { client in
            for (method, uri, scope) in Self.routes {
                for key in keys {
                    let allowed = key.scopes?.contains(scope) ?? true
                    try await client.execute(uri: uri, method: method, headers: TestAPI.bearer(key.key)) { response in
                        if allowed {
                            #expect(response.status.kind == .successful, "\(key.name) → \(method) \(uri): \(response.status)")
                        } else {
                            #expect(response.status == .forbidden, "\(key.name) → \(method) \(uri)")
                            let error = try response.apiError()
                            #expect(error["code"] as? String == "forbidden")
                            #expect((error["message"] as? String)?.contains(scope.rawValue) == true)
                            #expect(response.headers[.wwwAuthenticate]?.contains(#"error="insufficient_scope""#) == true)
                        }
                    }
                }
            }
        }
    }

    @Test func keysAreReadOnEveryRequestSoAReloadTakesEffect() async throws {
        let current = NIOLockedValueBox(APIKeysFile(entries: []))
        let api = TestAPI(catalog: Self.catalog(), keys: { current.withLockedValue { $0 } })
        try await api.run { client in
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .unauthorized)
            }
            current.withLockedValue { $0 = TestAPI.keys }
            try await client.execute(uri: "/v1/inbound/messages", method: .get, headers: TestAPI.bearer(TestAPI.reader.key)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: ["/healthz", "/readyz", "/metrics"])
    func operationalRoutesNeedNoKey(uri: String) async throws {
        try await TestAPI(catalog: nil).run { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status != .unauthorized)
                #expect(response.status != .forbidden)
                #expect(response.headers[TestAPI.requestIDHeader] != nil)
            }
        }
    }
}
