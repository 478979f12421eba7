import Logging
import Queue

/// The `outbound.relay` job handler: reads the message, hands it to the transport with the job's pending
/// recipients, and lets `RelayDecision` say how the job moves.
public struct RelayDeliverer: Sendable {
    private let store: any QueueStore
    private let transport: any RelayTransport
    private let events: OutboundEventPublisher
    private let signers: DKIMSignerSet
    private let signal: WorkSignal?
    private let logger: Logger

    /// - Parameter signal: wakes the event worker when an event job is queued outside a transition.
    public init(
        store: any QueueStore, transport: any RelayTransport, events: OutboundEventPublisher = OutboundEventPublisher(subscribers: []),
        signers: DKIMSignerSet = DKIMSignerSet(), signal: WorkSignal? = nil, logger: Logger
    ) {
        self.store = store
        self.transport = transport
        self.events = events
        self.signers = signers
        self.signal = signal
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
        var envelope = RelayEnvelope(
            messageID: job.messageID, mailFrom: message.envelope.mailFrom, recipients: job.recipients,
            size: message.size)
        let attempt: RelayAttempt
        if signers.signsAtRelay(message) {
            let signed: [UInt8]
            do {
                var buffer = try await body.collect(upTo: max(message.size, 1))
                signed = try signers.relayedBytes(of: message, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
            } catch {
                return .failed(.temporary("signing message \(job.messageID): \(error)"))
            }
            envelope.size = signed.count
            attempt = await transport.relay(envelope, body: BufferedMessageBody(signed))
        } else {
            attempt = await transport.relay(envelope, body: body)
        }
        let decided = RelayDecision.outcome(recipients: job.recipients, attempt: attempt, attemptNumber: job.attempts)
        let outcome = withEvents(decided, facts: facts(job, message: message))
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

    /// Told by the worker what the retry policy decided: recipients still pending when the job is dead
    /// (the retry horizon passed) have failed, and their subscribers hear of it.
    public func observe(_ leased: LeasedJob, _ failure: JobFailure, _ decision: RetryDecision) async {
        guard case .dead(let reason) = decision, !events.isEmpty else { return }
        let job = leased.job
        let recipients = failure.remainingRecipients ?? job.recipients
        do {
            guard let message = try await store.message(job.messageID) else { return }
            let drafts = recipients.map { DeliveryEventDraft(recipient: $0, type: .failed, detail: reason) }
            let jobs = events.jobs(for: drafts, facts: facts(job, message: message), now: store.clock.now())
            guard !jobs.isEmpty else { return }
            _ = try await store.enqueue(jobs, for: job.messageID)
            signal?.notify()
        } catch {
            logger.error("could not queue the message.failed events", metadata: ["job_id": "\(job.id)", "error": "\(error)"])
        }
    }

    private func facts(_ job: Job, message: StoredMessage) -> OutboundEventPublisher.MessageFacts {
        OutboundEventPublisher.MessageFacts(
            messageID: job.messageID, messageIDHeader: message.metadata[OutboundMessageMetadata.messageID],
            payload: OutboundRelayPayload.decode(job.payload), attempts: job.attempts)
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
