import Inbound
import Logging
import MIME
import Outbound
import Queue
import ServiceLifecycle

/// Builds the outbound half from the configuration: the send API's service and the relay worker. A
/// development instance without an upstream captures what it is sent; any other instance without an upstream
/// has no send API (503) rather than a queue that never drains.
struct OutboundWiring {
    var service: (any OutboundMessageService)?
    var relayService: (any Service)?

    /// The `relay` route action's hand-off: SMTP-submitted recipients become one `outbound.relay` job, and the
    /// message is marked so that `GET /v1/messages/{id}` (with the id of the SMTP reply) shows its relay status.
    static func handoff(_ configuration: GatewayConfiguration) -> RelayHandoff? {
        guard configuration.relay != nil || configuration.profile == .development else { return nil }
        let notifySender = configuration.relay?.notifySender ?? true
        return RelayHandoff { recipients, messageID in
            var metadata = [OutboundMessageMetadata.origin: OutboundMessageMetadata.originSMTP]
            metadata[OutboundMessageMetadata.messageID] = messageID
            let payload = OutboundRelayPayload(notifySender: notifySender)
            return (JobSpec(kind: .outboundRelay, recipients: recipients, payload: payload.encoded()), metadata)
        }
    }

    /// The MX listener's hand-off of delivery status reports: they bounce the recipients of messages we relayed
    /// that they name (`BounceCorrelator`), and wake the event worker for the `message.bounced` jobs.
    static func bounces(
        _ configuration: GatewayConfiguration, store: any QueueStore, eventSignal: WorkSignal, logger: Logger
    ) -> BounceHandoff? {
        guard configuration.relay != nil else { return nil }
        let correlator = BounceCorrelator(store: store, events: events(configuration), logger: logger)
        return BounceHandoff { report in
            if !(await correlator.take(report: report)).isEmpty { eventSignal.notify() }
        }
    }

    static func events(_ configuration: GatewayConfiguration) -> OutboundEventPublisher {
        OutboundEventPublisher(subscribers: configuration.events.webhooks.enumerated().map {
            OutboundEventPublisher.Subscriber(name: EventSettings.name($0.offset), types: $0.element.types)
        })
    }

    static func make(
        _ configuration: GatewayConfiguration, store: any QueueStore, signal: WorkSignal, eventSignal: WorkSignal,
        logger: Logger
    ) throws -> OutboundWiring {
        let events = Self.events(configuration)
        let relay = configuration.relay
        let transport: any RelayTransport
        let afterStop: @Sendable () async -> Void
        if let relay {
            let smtp = try SMTPRelayTransportFactory.make(relay, hostname: configuration.hostname, logger: logger)
            transport = smtp.transport
            afterStop = smtp.shutdown
        } else if configuration.profile == .development {
            transport = CapturingTransport()
            afterStop = {}
        } else {
            return OutboundWiring(service: nil, relayService: nil)
        }
        let limits = OutboundPreparer.Limits(
            maximumMessageSize: relay?.maxMessageSize.bytes ?? 25 * 1024 * 1024,
            maximumRecipients: configuration.smtp.maxRecipients)
        let signers = DKIMKeySettings.signerSet(configuration.dkim)
        let submitter = OutboundSubmitter(
            store: store, preparer: OutboundPreparer(limits: limits), signers: signers, signal: signal)
        let deliverer = RelayDeliverer(
            store: store, transport: transport, events: events, signers: signers, reportingMTA: configuration.hostname, logger: logger)
        let worker = OutboundRelayService(
            store: store, deliverer: deliverer, concurrency: relay?.concurrency ?? 4,
            lease: relay?.lease.duration ?? .seconds(900), pollInterval: relay?.pollInterval.duration ?? .milliseconds(250),
            signal: signal, logger: logger, afterStop: afterStop)
        return OutboundWiring(
            service: StoreOutboundService(
                store: store, submitter: submitter, events: events, eventSignal: eventSignal, signers: signers),
            relayService: worker)
    }

    /// The relay's retry policy (`relay.retry.*`); without a relay, the defaults (a development instance
    /// captures at the first attempt).
    static func retryPolicy(_ relay: RelaySettings?) -> RetryPolicy {
        guard let relay else { return RetryPolicy(maximumAttempts: Int.max) }
        return RetryPolicy(
            initialDelay: relay.initialDelay.duration, maximumDelay: relay.maxDelay.duration, maximumAttempts: Int.max,
            maximumAge: relay.horizon.duration)
    }
}
