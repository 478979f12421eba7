import Hummingbird
import Logging
import Prometheus

/// The HTTP side as one service: the REST API, health and metrics on one listener.
public enum HTTPAPIServer {
    public static func make(
        host: String, port: Int, readiness: Readiness, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        OperationalRoutes.add(to: router, readiness: readiness, registry: registry)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "mailgate"),
            onServerRunning: { _ in readiness.set(true) },
            logger: logger)
    }
}
