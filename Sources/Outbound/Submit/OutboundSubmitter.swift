import Foundation
import MIME
import MailModel
import NIOCore
import Queue

/// Accepts a send request: prepares it (`OutboundPreparer`) and commits the message with its one
/// `outbound.relay` job. Returns only once both are durable, the same rule as SMTP's 250. The message is
/// DKIM-signed before the commit, so the stored bytes (`GET /v1/messages/{id}/raw`) are the relayed bytes.
public struct OutboundSubmitter: Sendable {
    private let store: any QueueStore
    private let preparer: OutboundPreparer
    private let signers: DKIMSignerSet
    private let signal: WorkSignal?

    public init(
        store: any QueueStore, preparer: OutboundPreparer = OutboundPreparer(), signers: DKIMSignerSet = DKIMSignerSet(),
        signal: WorkSignal? = nil
    ) {
        self.store = store
        self.preparer = preparer
        self.signers = signers
        self.signal = signal
    }

    /// With `answer`, the key's answer is recorded in the message's transaction (both durable, or neither).
    public func submit(_ submission: OutboundSubmission, answer: OutboundAnswerRecord? = nil) async throws -> OutboundReceipt {
        let now = store.clock.now()
        var prepared = try preparer.prepare(submission, now: now)
        prepared.bytes = try signers.sign(prepared.bytes, now: now)
        var metadata = [
            OutboundMessageMetadata.origin: OutboundMessageMetadata.originAPI,
            OutboundMessageMetadata.messageID: submission.draft.messageID,
        ]
        metadata[OutboundMessageMetadata.apiKey] = submission.apiKeyName
        metadata[OutboundMessageMetadata.sendAt] = prepared.sendAt.map { $0.formatted(Date.ISO8601FormatStyle()) }
        let payload = OutboundRelayPayload(tags: submission.tags, metadata: submission.metadata)
        let envelope = Envelope(mailFrom: prepared.mailFrom, rcptTo: prepared.recipients, size: prepared.bytes.count,
                                receivedAt: now)
        let job = JobSpec(kind: .outboundRelay, recipients: prepared.recipients, payload: payload.encoded(),
                          notBefore: prepared.sendAt)
        // The id is chosen before the commit so that the recorded answer can name it.
        let writer = store.makeMessageWriter()
        let receipt = OutboundReceipt(id: writer.id, messageID: submission.draft.messageID, sendAt: prepared.sendAt,
                                      envelopeRecipients: prepared.recipients)
        let completion: IdempotencyCompletion?
        do {
            completion = try answer.map {
                IdempotencyCompletion(scope: $0.scope, key: $0.key, status: $0.status, body: try $0.render(receipt))
            }
            try await writer.append(ByteBuffer(bytes: prepared.bytes))
        } catch {
            await writer.abort()
            throw error
        }
        _ = try await writer.commit(envelope: envelope, metadata: metadata, jobs: [job], idempotency: completion)
        if prepared.sendAt == nil { signal?.notify() }
        return receipt
    }

}
