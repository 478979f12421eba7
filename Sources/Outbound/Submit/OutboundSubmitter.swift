import Foundation
import MIME
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

    public func submit(_ submission: OutboundSubmission) async throws -> OutboundReceipt {
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
        let committed = try await store.enqueue(
            message: ByteBuffer(bytes: prepared.bytes), envelope: envelope, metadata: metadata, jobs: [job])
        if prepared.sendAt == nil { signal?.notify() }
        return OutboundReceipt(id: committed.id, messageID: submission.draft.messageID, sendAt: prepared.sendAt,
                               envelopeRecipients: prepared.recipients)
    }

}
