import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import MailgateAPI
import OpenAPIRuntime
import Outbound
import Prometheus
import Queue
import TLS

/// The HTTP side: the REST API, health and metrics on one listener, or metrics on a listener of its own; each
/// served over TLS when given a context (`http.tls`), plain HTTP otherwise.
public enum HTTPAPIServer {
    /// The send API's wiring: the service behind it (nil answers its routes with 503) and what the handlers
    /// need from the configuration.
    public struct OutboundOptions: Sendable {
        public var service: (any OutboundMessageService)?
        /// The domain of generated `Message-ID`s.
        public var hostname: String
        public var maximumRequestSize: Int
        /// Where `Idempotency-Key`s are kept; without one the header is ignored. It must be the store the
        /// service commits to: a send completes its key in the message's own transaction.
        public var idempotencyStore: (any QueueStore)?

        public init(
            service: (any OutboundMessageService)?, hostname: String, maximumRequestSize: Int = 40 * 1024 * 1024,
            idempotencyStore: (any QueueStore)? = nil
        ) {
            self.service = service
            self.hostname = hostname
            self.maximumRequestSize = maximumRequestSize
            self.idempotencyStore = idempotencyStore
        }
    }

    /// - Parameters:
    ///   - apiKeys: the current API keys, read on every authenticated request (they are reloadable).
    ///   - keyRules: the senders and rate limits of keys; `limiterClock` is the rate limits' monotonic time.
    ///   - keySenders: the senders of keys in force, read at each send (they are reloadable); nil uses `keyRules`'.
    ///   - inbound: the received messages; nil answers the inbound routes with 503.
    ///   - metrics: who may read `/metrics` here; nil when it is served by `makeMetrics` on a listener of its own.
    ///   - tls: serve every route over TLS only, with the context current when each connection is accepted.
    public static func make(
        host: String, port: Int, readiness: Readiness, registry: PrometheusCollectorRegistry,
        apiKeys: @escaping @Sendable () -> APIKeysFile, keyRules: APIKeyRules = APIKeyRules(),
        keySenders: (@Sendable () -> APIKeySenders)? = nil,
        limiterClock: @escaping @Sendable () -> Duration = APIRateLimiter.monotonicNow,
        inbound: (any InboundMessageCatalog)?, outbound: OutboundOptions, webhooks: (any WebhookCatalog)? = nil,
        metrics: MetricsAccess? = .open, tls: ReloadableTLSContext? = nil, logger: Logger
    ) throws -> some ApplicationProtocol {
        Application(
            router: try router(
                readiness: readiness, registry: registry, apiKeys: apiKeys, keyRules: keyRules, keySenders: keySenders,
                limiterClock: limiterClock, inbound: inbound, outbound: outbound, webhooks: webhooks, metrics: metrics),
            server: server(tls: tls, listener: "http", registry: registry),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailgate"),
            onServerRunning: { _ in readiness.set(true) },
            logger: logger)
    }

    /// `/metrics` alone on its own listener (`metrics.address`/`metrics.port`), so Prometheus can reach it on a
    /// network the API is not on, and the API's clients cannot reach it.
    public static func makeMetrics(
        host: String, port: Int, registry: PrometheusCollectorRegistry, access: MetricsAccess,
        tls: ReloadableTLSContext? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ErrorResponseMiddleware())
        OperationalRoutes.addMetrics(to: router, registry: registry, access: access)
        return Application(
            router: router, server: server(tls: tls, listener: "metrics", registry: registry),
            configuration: .init(address: .hostname(host, port: port), serverName: "mailgate"), logger: logger)
    }

    /// The server side of `http.tls`. ALPN names only HTTP/1.1: it is all this server speaks, and a client that
    /// offers h2 alone then gets no ALPN answer rather than a protocol it cannot use here.
    public static func tlsConfiguration(_ certifiedKey: TLSCertifiedKey) -> TLSConfiguration {
        var configuration = TLSConfiguration.server(certifiedKey: certifiedKey)
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }

    /// HTTP/1.1, behind our TLS handler when there is a context; `listener` names it in the handshake counter.
    static func server(tls: ReloadableTLSContext?, listener: String, registry: PrometheusCollectorRegistry) -> HTTPServerBuilder {
        guard let tls else { return .http1() }
        return HTTPServerBuilder { responder in
            TLSServerChildChannel(base: HTTP1Channel(responder: responder), context: tls, listener: listener, registry: registry)
        }
    }

    /// Every route, behind the middleware that gives each request an id and each error the API's
    /// error body (unknown routes included: the router runs its 404 through the same middleware).
    static func router(
        readiness: Readiness, registry: PrometheusCollectorRegistry,
        apiKeys: @escaping @Sendable () -> APIKeysFile, keyRules: APIKeyRules = APIKeyRules(),
        keySenders: (@Sendable () -> APIKeySenders)? = nil,
        limiterClock: @escaping @Sendable () -> Duration = APIRateLimiter.monotonicNow,
        inbound: (any InboundMessageCatalog)?,
        outbound: OutboundOptions = OutboundOptions(service: nil, hostname: "localhost"),
        webhooks: (any WebhookCatalog)? = nil,
        metrics: MetricsAccess? = .open
    ) throws -> Router<APIRequestContext> {
        let limiter = APIRateLimiter(limits: keyRules.rateLimits, registry: registry, now: limiterClock)
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ErrorResponseMiddleware())
        router.add(middleware: RequestSizeLimitMiddleware(maximumBytes: outbound.maximumRequestSize))
        OperationalRoutes.add(to: router, readiness: readiness, registry: registry, metrics: metrics)
        InboundRoutes.add(to: router, catalog: inbound, apiKeys: apiKeys, limiter: limiter)
        WebhookRoutes.add(to: router, catalog: webhooks, apiKeys: apiKeys, limiter: limiter)
        var send = router.group().add(middleware: APIKeyMiddleware(scope: .messagesSend, keys: apiKeys, limiter: limiter))
        if let store = outbound.idempotencyStore { send = send.add(middleware: IdempotencyMiddleware(store: store)) }
        let transport = ScopedOpenAPITransport(
            read: router.group().add(middleware: APIKeyMiddleware(scope: .messagesRead, keys: apiKeys, limiter: limiter)),
            send: send)
        let api = OutboundAPI(
            service: outbound.service, hostname: outbound.hostname, now: { Date() },
            admission: SendAdmission(senders: keySenders ?? { [senders = keyRules.senders] in senders }, limiter: limiter))
        try api.registerHandlers(on: transport, configuration: .init(dateTranscoder: APIDateTranscoder()))
        return router
    }
}
