import Hummingbird
import Prometheus

/// `/healthz`, `/readyz` and `/metrics`: what an orchestrator and Prometheus poll. No API key: the probes reveal
/// nothing, and `/metrics` is guarded by its own `MetricsAccess` (open by default), or served on a listener of its
/// own (`metrics: nil` here).
enum OperationalRoutes {
    static func add(
        to router: Router<APIRequestContext>, readiness: Readiness, registry: PrometheusCollectorRegistry,
        metrics: MetricsAccess?
    ) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/readyz") { _, _ in
            let ready = readiness.isReady
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: ready ? #"{"status":"ready"}"# : #"{"status":"not_ready"}"#)))
        }
        if let metrics {
            addMetrics(to: router, registry: registry, access: metrics)
        }
    }

    static func addMetrics(to router: Router<APIRequestContext>, registry: PrometheusCollectorRegistry, access: MetricsAccess) {
        router.get("/metrics") { request, _ in
            let authorization = request.headers[.authorization]
            guard access.admits(authorization: authorization) else {
                throw APIError.unauthorized(
                    "a metrics token is required: Authorization: Bearer <token>", invalidToken: authorization != nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
