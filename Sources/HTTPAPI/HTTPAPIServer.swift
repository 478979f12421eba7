import Hummingbird
import Logging
import Prometheus

/// The HTTP side as one service: the REST API, health and metrics on one listener.
public enum HTTPAPIServer {
    /// - Parameters:
    ///   - apiKeys: the current API keys, read on every authenticated request (they are reloadable).
    ///   - inbound: the received messages; nil answers the inbound routes with 503.
    public static func make(
        host: String, port: Int, readiness: Readiness, registry: PrometheusCollectorRegistry,
        apiKeys: @escaping @Sendable () -> APIKeysFile, inbound: (any InboundMessageCatalog)?, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(readiness: readiness, registry: registry, apiKeys: apiKeys, inbound: inbound),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailgate"),
            onServerRunning: { _ in readiness.set(true) },
            logger: logger)
    }

    /// Every route, behind the middleware that gives each request an id and each error the API's
    /// error body (unknown routes included: the router runs its 404 through the same middleware).
    static func router(
        readiness: Readiness, registry: PrometheusCollectorRegistry,
        apiKeys: @escaping @Sendable () -> APIKeysFile, inbound: (any InboundMessageCatalog)?
    ) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ErrorResponseMiddleware())
        OperationalRoutes.add(to: router, readiness: readiness, registry: registry)
        InboundRoutes.add(to: router, catalog: inbound, apiKeys: apiKeys)
        return router
    }
}
