import Foundation
import HTTPAPI
import HTTPClient
import Inbound
import Logging
import NIOConcurrencyHelpers
import Prometheus
import Queue
import SMTPServer
import ServiceLifecycle
import TLS
import UnixSignals
import Webhooks

/// Wires every part of Mailgate into one `ServiceGroup`: what `mailgate serve` runs.
public enum GatewayApplication {
    /// Loads the configuration, prepares the process (logging, metrics, development credentials),
    /// runs until SIGTERM or SIGINT, then drains and returns.
    public static func serve(loader: ConfigurationLoader) async throws {
        let configuration = try await loader.load()
        let levelSwitch = LoggingBootstrap.install(configuration.log)
        let logger = Logger(label: "mailgate")
        let registry = MetricsBootstrap.install()

        let credentials = try DevelopmentInstance.prepare(configuration)
        if !credentials.isEmpty {
            // Unbuffered, so the credentials are on screen before the first log line.
            FileHandle.standardOutput.write(Data((DevelopmentInstance.notice(for: credentials, configuration: configuration) + "\n").utf8))
        }
        if configuration.profile == .development {
            logger.warning(
                "development instance: loopback only, self-signed certificate, generated credentials",
                metadata: ["data_dir": "\(configuration.dataDirectory)"])
        }
        for warning in configuration.warnings {
            logger.warning("configuration: \(warning.message)", metadata: ["key": "\(warning.key ?? "")"])
        }
        if configuration.smtp.senderDefault == .any {
            logger.warning(
                "smtp.sender_default is any: every authenticated SMTP user may send as any address, in MAIL FROM and From:, unless smtp.senders lists it",
                metadata: ["profile": "\(configuration.profile.rawValue)"])
        }
        let group = try await buildApplication(
            configuration: configuration, loader: loader, levelSwitch: levelSwitch, registry: registry, logger: logger)
        logger.info("mailgate starting", metadata: ["version": "\(MailgateVersion.current)", "profile": "\(configuration.profile.rawValue)"])
        try await group.run()
        logger.info("mailgate stopped")
    }

    public static func buildApplication(
        configuration: GatewayConfiguration,
        loader: ConfigurationLoader,
        levelSwitch: LogLevelSwitch,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) async throws -> ServiceGroup {
        let (users, keys) = try ReloadableState.loadFiles(configuration)
        let tls = try SMTPListenerFactory.tlsContext(configuration)
        let httpTLS = try configuration.http.tls.map {
            try ReloadableTLSContext(configuration: HTTPAPIServer.tlsConfiguration($0.certifiedKey))
        }
        let rules = CurrentInboundRules(InboundDomainFactory.rules(configuration))
        let keyRules = APIKeyRulesFactory.rules(configuration.http)
        let state = ReloadableState(
            levelSwitch: levelSwitch, users: NIOLockedValueBox(users), apiKeys: NIOLockedValueBox(keys), tls: tls, httpTLS: httpTLS,
            inbound: rules, keySenders: NIOLockedValueBox(keyRules.senders))
        let storage = configuration.storage
        let delivery = configuration.delivery
        let webhookRetries = RetryPolicy(
            initialDelay: delivery.initialDelay.duration, maximumDelay: delivery.maxDelay.duration,
            maximumAttempts: Int.max, maximumAge: delivery.horizon.duration)
        let store = try await QueueStoreFactory.open(
            url: storage.url,
            configuration: QueueConfiguration(
                retryPolicies: [
                    .inboundDeliver: webhookRetries, .eventDeliver: webhookRetries,
                    .outboundRelay: OutboundWiring.retryPolicy(configuration.relay),
                ],
                retention: RetentionPolicy(completed: storage.keepCompleted.duration, dead: storage.keepDead?.duration)),
            logger: Logger(label: "mailgate.queue"))

        let webhookLogger = Logger(label: "mailgate.webhooks")
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(
            caFile: delivery.caFile, clientCertificateFile: delivery.clientCertificate, clientKeyFile: delivery.clientKey,
            maxConnectionsPerHost: delivery.concurrency, userAgent: "mailgate/\(MailgateVersion.current)", proxy: delivery.proxy))
        let sender = WebhookSender(client: client)
        let disabled = DisabledWebhooks(store: store, logger: webhookLogger)
        let inboundSignal = WorkSignal()
        let eventSignal = WorkSignal()
        let failureTarget = delivery.failureWebhook.map(InboundDomainFactory.target)
        var eventTargets: [String: WebhookTarget] = [:]
        eventTargets[EventJobPayload.failureWebhook] = failureTarget
        for (index, subscriber) in configuration.events.webhooks.enumerated() {
            eventTargets[EventSettings.name(index)] = InboundDomainFactory.target(subscriber.webhook)
        }
        let deliverer = InboundDeliverer(
            store: store, sender: sender, webhooks: rules, disabled: disabled,
            failureNotifier: failureTarget.map { _ in FailureNotifier(store: store, signal: eventSignal, logger: webhookLogger) },
            logger: webhookLogger)
        let policy = InboundPolicy(planner: InboundMessagePlanner(
            rules: rules, store: store,
            sync: SyncDeliverer(sender: sender, disabled: disabled, logger: webhookLogger), signal: inboundSignal,
            relay: OutboundWiring.handoff(configuration),
            bounces: OutboundWiring.bounces(
                configuration, store: store, eventSignal: eventSignal, logger: Logger(label: "mailgate.relay")),
            logger: webhookLogger))
        // Relay jobs from SMTP submissions are found by the relay worker's polling (`relay.poll_interval`):
        // waking it on every inbound commit would cost a lease query per message for mail that is rarely relayed.
        let sink = QueueMessageSink(
            store: store, policy: policy, committed: { inboundSignal.notify() }, receivedNamesUser: configuration.smtp.receivedAuthUser)
        let deliveryService = InboundDeliveryService(
            store: store, client: client, deliverer: deliverer,
            events: eventTargets.isEmpty ? nil : EventDeliverer(sender: sender, targets: eventTargets), settings: delivery,
            inboundSignal: inboundSignal, eventSignal: eventSignal, logger: webhookLogger)
        if configuration.routes.isEmpty || configuration.defaultRoute == nil {
            logger.notice("submitted mail that no route matches is held: set default_route to deliver it")
        }
        let listeners = SMTPListenerFactory.listeners(
            configuration, sink: sink, policy: policy, users: state.users, tls: tls, logger: Logger(label: "mailgate.smtp"))
        let outbound = try OutboundWiring.make(
            configuration, store: store, signal: WorkSignal(), eventSignal: eventSignal, logger: Logger(label: "mailgate.relay"))
        let readiness = Readiness()
        let metricsAccess = configuration.metrics.token.map(MetricsAccess.init(token:)) ?? .open
        let http = try HTTPAPIServer.make(
            host: configuration.http.listener.address, port: configuration.http.listener.port,
            readiness: readiness, registry: registry, apiKeys: { state.apiKeys.withLockedValue { $0 } },
            keyRules: keyRules, keySenders: { state.keySenders.withLockedValue { $0 } },
            inbound: QueueInboundCatalog(store: store, signal: inboundSignal),
            outbound: HTTPAPIServer.OutboundOptions(
                service: outbound.service, hostname: configuration.hostname,
                maximumRequestSize: configuration.http.maxRequestSize.bytes, idempotencyStore: store),
            webhooks: StoreWebhookCatalog(store: store, routes: { rules.current.routes }, disabled: disabled),
            metrics: configuration.metrics.listener == nil ? metricsAccess : nil, tls: httpTLS,
            logger: Logger(label: "mailgate.http"))
        // With `http.tls` the metrics listener is TLS as well, with the same certificate: its bearer token is a
        // secret, and one rule (no plaintext HTTP at all) is easier to check than a listener-by-listener one.
        let metricsServer = configuration.metrics.listener.map { listener in
            HTTPAPIServer.makeMetrics(
                host: listener.address, port: listener.port, registry: registry, access: metricsAccess, tls: httpTLS,
                logger: Logger(label: "mailgate.metrics"))
        }
        let reloader = ReloadSignalService { [logger] in
            await state.reload(using: loader, running: configuration, logger: logger)
        }
        let drain = ReadinessDrainService(readiness: readiness)

        // Shut down in reverse: readiness first, then the listeners drain, then the webhook workers finish
        // what is in flight, then the store closes.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: QueueStoreService(store: store, logger: logger)),
            .init(service: QueueMaintenanceService(store: store, pruneInterval: storage.pruneInterval.duration, logger: Logger(label: "mailgate.queue"))),
            .init(service: deliveryService),
        ]
        if let relayService = outbound.relayService { services.append(.init(service: relayService)) }
        services += listeners.map { .init(service: $0) }
        services += [.init(service: http)]
        if let metricsServer { services.append(.init(service: metricsServer)) }
        services += [.init(service: reloader), .init(service: drain)]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout.duration
        return ServiceGroup(configuration: groupConfiguration)
    }
}
