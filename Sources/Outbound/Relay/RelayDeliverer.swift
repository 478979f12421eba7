import Logging
import MIME
import MailModel
import NIOCore
import Queue

/// The `outbound.relay` job handler: reads the message, hands it to the transport with the job's pending
/// recipients, and lets `RelayDecision` say how the job moves.
public struct RelayDeliverer: Sendable {
    private let store: any QueueStore
    private let transport: any RelayTransport
    private let events: OutboundEventPublisher
    private let signers: DKIMSignerSet
    private let reportingMTA: String
    private let logger: Logger

    /// - Parameters:
    ///   - reportingMTA: our host name, named in delivery status notifications.
    public init(
        store: any QueueStore, transport: any RelayTransport, events: OutboundEventPublisher = OutboundEventPublisher(subscribers: []),
        signers: DKIMSignerSet = DKIMSignerSet(), reportingMTA: String = "localhost", logger: Logger
    ) {
        self.store = store
        self.transport = transport
        self.events = events
        self.signers = signers
        self.reportingMTA = reportingMTA
        self.logger = logger
    }

    public func deliver(_ leased: LeasedJob) async -> JobOutcome {
        let job = leased.job
        let message: StoredMessage
        let body: MessageBody
        do {
            guard let stored = try await store.message(job.messageID),
                let storedBody = try await store.messageBody(job.messageID)
            else {
                return .failed(.permanent("message \(job.messageID) is no longer in the store"))
            }
            message = stored
            body = storedBody
        } catch {
            return .failed(.temporary("reading message \(job.messageID): \(error)"))
        }
        let payload = OutboundRelayPayload.decode(job.payload)
        let attempt: RelayAttempt
        if let notice = payload.senderNotice {
            let original: [UInt8]
            do {
                original = Array(buffer: try await body.collect(upTo: message.size))
            } catch {
                return .failed(.temporary("reading message \(job.messageID): \(error)"))
            }
            let report = SenderNoticeReport.make(
                notice, original: message, originalBytes: original, reportingMTA: reportingMTA, now: store.clock.now())
            let dsn = DeliveryStatusReportBuilder().build(report)
            // The null sender: nobody is told if the notification itself cannot be delivered (RFC 5321 §4.5.5).
            let envelope = Envelope(mailFrom: "", rcptTo: job.recipients, size: dsn.count, receivedAt: store.clock.now())
            attempt = await transport.relay(envelope, body: MessageBody(messageID: job.messageID, bytes: dsn))
        } else if signers.signsAtRelay(message) {
            var envelope = Self.pending(message, job)
            let signed: [UInt8]
            do {
                var buffer = try await body.collect(upTo: max(message.size, 1))
                signed = try signers.relayedBytes(of: message, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
            } catch {
                return .failed(.temporary("signing message \(job.messageID): \(error)"))
            }
            envelope.size = signed.count
            attempt = await transport.relay(envelope, body: MessageBody(messageID: job.messageID, bytes: signed))
        } else {
            attempt = await transport.relay(Self.pending(message, job), body: body)
        }
        let decided = RelayDecision.outcome(recipients: job.recipients, attempt: attempt, attemptNumber: job.attempts)
        // A DSN is our own mail, not the sender's: its delivery publishes no event.
        let published = payload.senderNotice == nil ? withEvents(decided, facts: facts(job, message: message)) : decided
        let outcome = withFollowUpsIfDead(
            withSenderNotice(published, mailFrom: message.envelope.mailFrom, payload: payload), job: job, message: message,
            payload: payload)
        if case .sessionFailed(let reason, let permanent, _, let upstream) = attempt {
            logger.warning(
                "relay attempt failed",
                metadata: [
                    "message_id": "\(job.messageID)", "job_id": "\(job.id)", "attempt": "\(job.attempts)",
                    "permanent": "\(permanent)", "upstream": "\(upstream ?? "none")", "reason": "\(reason)",
                ])
        }
        return outcome
    }

    /// The message's envelope for one attempt: the job's pending recipients, the stored size, and the `ENVID`
    /// an upstream that offers DSN is given.
    static func pending(_ message: StoredMessage, _ job: Job) -> Envelope {
        var envelope = message.envelope
        envelope.rcptTo = job.recipients
        envelope.size = message.size
        envelope.envelopeID = envelopeID(of: message)
        return envelope
    }

    /// The submitter's `ENVID` passed on unchanged (RFC 3461 §4.4), else our message id: what a report coming
    /// back to the MX names the message by.
    static func envelopeID(of message: StoredMessage) -> String {
        message.metadata[SenderNoticeReport.envelopeIDKey] ?? message.id.rawValue
    }

    private func facts(_ job: Job, message: StoredMessage) -> OutboundEventPublisher.MessageFacts {
        OutboundEventPublisher.MessageFacts(
            messageID: job.messageID, messageIDHeader: message.metadata[OutboundMessageMetadata.messageID],
            payload: OutboundRelayPayload.decode(job.payload), attempts: job.attempts)
    }

    /// A temporary failure with what must happen if the retry policy gives up on it now (the horizon passed):
    /// each recipient still pending `failed`, its `message.failed` events and the DSN to the sender. Stated
    /// with the failure so the store creates them in the transaction that makes the job `dead`, or not at all.
    private func withFollowUpsIfDead(
        _ outcome: JobOutcome, job: Job, message: StoredMessage, payload: OutboundRelayPayload
    ) -> JobOutcome {
        guard case .failed(var failure) = outcome, !failure.permanent else { return outcome }
        // The store's own reason (how long, how many attempts) is only known once it decides; this one says what
        // the DSN and the event need: that the retries ended, and the last error.
        let drafts = (failure.remainingRecipients ?? job.recipients).map {
            DeliveryEventDraft(recipient: $0, type: .failed, detail: "retries ended without delivery; last error: \(failure.message)")
        }
        if payload.senderNotice == nil {
            failure.followUpsIfDead += events.jobs(for: drafts, facts: facts(job, message: message), now: store.clock.now())
        }
        if let notice = SenderNoticePlanner.job(
            for: drafts, mailFrom: message.envelope.mailFrom, payload: payload,
            messageID: MessageBuilder.makeMessageID(hostname: reportingMTA))
        {
            failure.followUpsIfDead.append(notice)
        }
        return .failed(failure)
    }

    /// The outcome with the DSN for the recipients it ended as a follow-up, so it is committed with the
    /// transition: queued once, and only if the outcome is recorded.
    private func withSenderNotice(_ outcome: JobOutcome, mailFrom: String, payload: OutboundRelayPayload) -> JobOutcome {
        func notice(_ drafts: [DeliveryEventDraft]) -> [JobSpec] {
            guard payload.notifySender, !mailFrom.isEmpty else { return [] }
            return SenderNoticePlanner.job(
                for: drafts, mailFrom: mailFrom, payload: payload,
                messageID: MessageBuilder.makeMessageID(hostname: reportingMTA)
            ).map { [$0] } ?? []
        }
        switch outcome {
        case .delivered(let drafts, let followUps):
            return .delivered(events: drafts, followUps: followUps + notice(drafts))
        case .failed(var failure):
            failure.followUps += notice(failure.events)
            return .failed(failure)
        }
    }

    /// The outcome with its event jobs as follow-ups, so they are committed with the transition.
    private func withEvents(_ outcome: JobOutcome, facts: OutboundEventPublisher.MessageFacts) -> JobOutcome {
        guard !events.isEmpty else { return outcome }
        let now = store.clock.now()
        switch outcome {
        case .delivered(let drafts, let followUps):
            return .delivered(events: drafts, followUps: followUps + events.jobs(for: drafts, facts: facts, now: now))
        case .failed(var failure):
            failure.followUps += events.jobs(for: failure.events, facts: facts, now: now)
            return .failed(failure)
        }
    }
}
