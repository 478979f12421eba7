import Logging
import Queue

/// The `outbound.relay` job handler: reads the message, hands it to the transport with the job's pending
/// recipients, and lets `RelayDecision` say how the job moves.
public struct RelayDeliverer: Sendable {
    private let store: any QueueStore
    private let transport: any RelayTransport
    private let logger: Logger

    public init(store: any QueueStore, transport: any RelayTransport, logger: Logger) {
        self.store = store
        self.transport = transport
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
        let envelope = RelayEnvelope(
            messageID: job.messageID, mailFrom: message.envelope.mailFrom, recipients: job.recipients,
            size: message.size)
        let attempt = await transport.relay(envelope, body: body)
        let outcome = RelayDecision.outcome(recipients: job.recipients, attempt: attempt, attemptNumber: job.attempts)
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
}
