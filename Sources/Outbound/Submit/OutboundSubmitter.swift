import Foundation
import MIME
import MailModel
import NIOCore
import Queue

/// Accepts send requests: prepares each one (`OutboundPreparer`) and commits the message with its one
/// `outbound.relay` job. Returns only once they are durable, the same rule as SMTP's 250. A message is
/// DKIM-signed before the commit, so the stored bytes (`GET /v1/messages/{id}/raw`) are the relayed bytes.
/// A single send, a raw send and a batch take the same path: prepare, sign, stage, then one commit.
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

    /// One outcome of a batch, in the order of the submissions.
    public typealias BatchOutcome = Result<OutboundReceipt, OutboundRefusal>

    /// With `answer`, the key's answer is recorded in the message's transaction (both durable, or neither).
    public func submit(_ submission: OutboundSubmission, answer: OutboundAnswerRecord<OutboundReceipt>? = nil) async throws -> OutboundReceipt {
        let now = store.clock.now()
        let prepared = try preparer.prepare(submission, now: now)
        return try await commitOne(prepared, facts: Facts(submission), answer: answer, now: now)
    }

    /// A message sent as is; the same rules as `submit`.
    public func submit(raw: RawSubmission, answer: OutboundAnswerRecord<OutboundReceipt>? = nil) async throws -> OutboundReceipt {
        let now = store.clock.now()
        let prepared = try preparer.prepare(raw, now: now)
        return try await commitOne(prepared, facts: Facts(apiKeyName: raw.apiKeyName), answer: answer, now: now)
    }

    /// Several sends at once: each is prepared alone, so a refused one is an outcome and does not stop the others,
    /// and every accepted one is committed in one transaction with the batch's answer (all durable, or none: then
    /// this throws). A batch without an accepted message still records its answer.
    public func submit(
        batch submissions: [OutboundSubmission], answer: OutboundAnswerRecord<[BatchOutcome]>? = nil
    ) async throws -> [BatchOutcome] {
        let now = store.clock.now()
        var outcomes: [BatchOutcome] = []
        var staged: [Staged] = []
        do {
            for submission in submissions {
                do {
                    let prepared = try preparer.prepare(submission, now: now)
                    let one = try await stage(prepared, facts: Facts(submission), now: now)
                    staged.append(one)
                    outcomes.append(.success(one.receipt))
                } catch let refusal as OutboundRefusal {
                    outcomes.append(.failure(refusal))
                }
            }
            try await commit(staged, idempotency: answer?.completion(for: outcomes))
        } catch {
            for one in staged { await one.message.writer.abort() }
            throw error
        }
        return outcomes
    }

    private func commitOne(
        _ prepared: PreparedMessage, facts: Facts, answer: OutboundAnswerRecord<OutboundReceipt>?, now: Date
    ) async throws -> OutboundReceipt {
        let staged = try await stage(prepared, facts: facts, now: now)
        do {
            try await commit([staged], idempotency: answer?.completion(for: staged.receipt))
        } catch {
            await staged.message.writer.abort()
            throw error
        }
        return staged.receipt
    }

    /// What a message's record holds beyond its bytes and envelope.
    private struct Facts {
        var tags: [String] = []
        var metadata: [String: String] = [:]
        var apiKeyName: String?

        init(apiKeyName: String?) {
            self.apiKeyName = apiKeyName
        }

        init(_ submission: OutboundSubmission) {
            tags = submission.tags
            metadata = submission.metadata
            apiKeyName = submission.apiKeyName
        }
    }

    /// A signed message in its writer, not yet committed, and the receipt it will answer with.
    private struct Staged {
        var message: MessageCommit
        var receipt: OutboundReceipt
        var due: Bool
    }

    /// Signs the message and appends it to a new writer. The id is chosen here, before the commit, so that the
    /// recorded answer can name it.
    private func stage(_ prepared: PreparedMessage, facts: Facts, now: Date) async throws -> Staged {
        let bytes = try signers.sign(prepared.bytes, now: now)
        var metadata = [
            OutboundMessageMetadata.origin: OutboundMessageMetadata.originAPI,
            OutboundMessageMetadata.messageID: prepared.messageID,
        ]
        metadata[OutboundMessageMetadata.apiKey] = facts.apiKeyName
        metadata[OutboundMessageMetadata.sendAt] = prepared.sendAt.map { $0.formatted(Date.ISO8601FormatStyle()) }
        let payload = OutboundRelayPayload(tags: facts.tags, metadata: facts.metadata)
        let envelope = Envelope(mailFrom: prepared.mailFrom, rcptTo: prepared.recipients, size: bytes.count, receivedAt: now)
        let job = JobSpec(kind: .outboundRelay, recipients: prepared.recipients, payload: payload.encoded(),
                          notBefore: prepared.sendAt)
        let writer = store.makeMessageWriter()
        do {
            try await writer.append(ByteBuffer(bytes: bytes))
        } catch {
            await writer.abort()
            throw error
        }
        return Staged(
            message: MessageCommit(writer: writer, envelope: envelope, metadata: metadata, jobs: [job]),
            receipt: OutboundReceipt(id: writer.id, messageID: prepared.messageID, sendAt: prepared.sendAt,
                                     envelopeRecipients: prepared.recipients),
            due: prepared.sendAt == nil)
    }

    private func commit(_ staged: [Staged], idempotency: IdempotencyCompletion?) async throws {
        _ = try await store.commit(staged.map(\.message), idempotency: idempotency)
        if staged.contains(where: \.due) { signal?.notify() }
    }
}
