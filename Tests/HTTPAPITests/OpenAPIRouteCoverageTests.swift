import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import Testing
import Yams

@testable import HTTPAPI

/// The spec is the contract: every route the server registers is documented in `OpenAPI/openapi.yaml`,
/// and every documented operation is served.
@Suite struct OpenAPIRouteCoverageTests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../OpenAPI/openapi.yaml").standardizedFileURL.path

    static func specOperations() throws -> Set<String> {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: Set<String> = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "\(path)")
            for method in item.keys where methods.contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    static func routerOperations() throws -> Set<String> {
        let router = try HTTPAPIServer.router(
            readiness: Readiness(), registry: PrometheusCollectorRegistry(), apiKeys: { APIKeysFile(entries: []) },
            inbound: nil)
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
    }

    @Test func everyRouteIsInTheSpecAndEverySpecOperationIsRouted() throws {
        let spec = try Self.specOperations()
        let routed = try Self.routerOperations()
        #expect(routed.subtracting(spec).isEmpty, "routed but not in openapi.yaml: \(routed.subtracting(spec).sorted())")
        #expect(spec.subtracting(routed).isEmpty, "in openapi.yaml but not routed: \(spec.subtracting(routed).sorted())")
        #expect(routed.contains("POST /v1/inbound/messages/{id}/redeliver"), "\(routed.sorted())")
    }

    @Test func everyInboundOperationDocumentsItsScopeAndTheSharedErrors() throws {
        let text = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths where path.hasPrefix("/v1/inbound/") {
            for (method, operation) in item {
                let operation = try #require(operation as? [String: Any])
                let security = try #require(operation["security"] as? [[String: [String]]], "\(method) \(path)")
                let expected = method == "post" ? APIScope.inboundRedeliver : .inboundRead
                #expect(security == [["apiKey": [expected.rawValue]]], "\(method) \(path)")
                let responses = try #require(operation["responses"] as? [String: Any])
                for status in ["401", "403", "500", "503"] {
                    #expect(responses[status] != nil, "\(method) \(path) documents \(status)")
                }
            }
        }
    }
}
