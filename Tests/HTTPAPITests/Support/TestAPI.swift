import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Outbound
import Prometheus
import Queue
import Testing

@testable import HTTPAPI

/// The HTTP side as `mailgate serve` builds it, with three keys (one per scope set) and a fake catalog.
struct TestAPI {
    static let reader = APIKeysFile.generateKey(name: "reader", scopes: "inbound:read")
    static let redeliverer = APIKeysFile.generateKey(name: "redeliverer", scopes: "inbound:redeliver")
    static let sender = APIKeysFile.generateKey(name: "sender", scopes: "messages:send,messages:read")
    static let admin = APIKeysFile.generateKey(name: "admin", scopes: "*")

    static let keys: APIKeysFile = {
        let text = [reader, redeliverer, sender, admin].map(\.line).joined()
        return try! APIKeysFile(parsing: text, path: "test-api-keys")
    }()

    var catalog: FakeInboundCatalog?
    var webhooks: (any WebhookCatalog)?
    var outbound: (any OutboundMessageService)?
    var maximumRequestSize = 40 * 1024 * 1024
    var idempotencyStore: (any QueueStore)?
    var keys: @Sendable () -> APIKeysFile = { TestAPI.keys }
    var keyRules = APIKeyRules()
    var limiterClock: @Sendable () -> Duration = APIRateLimiter.monotonicNow
    var registry = PrometheusCollectorRegistry()

    func application() throws -> some ApplicationProtocol {
        try HTTPAPIServer.make(
            host: "127.0.0.1", port: 0, readiness: Readiness(), registry: registry,
            apiKeys: keys, keyRules: keyRules, limiterClock: limiterClock, inbound: catalog, outbound: .init(
                service: outbound, hostname: "test.example", maximumRequestSize: maximumRequestSize,
                idempotencyStore: idempotencyStore),
            webhooks: webhooks, logger: Logger(label: "test.http"))
    }

    /// Runs `body` against the router in process (no sockets).
    func run<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application().test(.router, body)
    }

    static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)"]
    }

    static let requestIDHeader = HTTPField.Name("x-request-id")!
}

extension TestResponse {
    var text: String { String(buffer: body) }

    var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed])
            return try #require(object as? [String: Any], "not a JSON object: \(text)")
        }
    }

    /// The `error` member of an error body, after checking the envelope's shape.
    func apiError(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(headers[.contentType] == "application/json", sourceLocation: sourceLocation)
        let document = try json
        #expect(Set(document.keys) == ["error"], "\(text)", sourceLocation: sourceLocation)
        let error = try #require(document["error"] as? [String: Any], "\(text)", sourceLocation: sourceLocation)
        #expect(Set(error.keys) == ["code", "message", "field", "request_id"], "\(text)", sourceLocation: sourceLocation)
        let requestID = try #require(error["request_id"] as? String, sourceLocation: sourceLocation)
        #expect(!requestID.isEmpty, sourceLocation: sourceLocation)
        #expect(headers[TestAPI.requestIDHeader] == requestID, "the body and the header carry the same id", sourceLocation: sourceLocation)
        return error
    }
}
