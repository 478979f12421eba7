import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Registers the generated send API's operations behind the API key scope each one needs: reading
/// (`GET`) takes `messages:read`, everything else `messages:send`. The generator registers every operation
/// on one transport, so the choice of group is made here, per method.
struct ScopedOpenAPITransport: ServerTransport {
    let read: RouterGroup<APIRequestContext>
    let send: RouterGroup<APIRequestContext>

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        let group = method == .get ? read : send
        group.register(handler, method: method, path: path)
    }
}
