import Foundation
import MailModel
import NIOCore

/// The durable store behind Mailgate: accepted messages, their delivery jobs and their history.
///
/// Contract shared by every implementation (and checked by one conformance test suite):
/// - `MessageWriter.commit` returns only once the message and its jobs are durable; concurrent
///   commits share one durable transaction (group commit).
/// - A job is leased by at most one worker at a time. A lease that is not completed, failed or
///   extended before it expires returns the job to the queue (counted as an attempt).
/// - Completing or failing needs the current lease; a stale lease throws `QueueStoreError.leaseLost`.
/// - All times come from `clock`.
public protocol QueueStore: Sendable {
    /// Human-readable location (file path or URL without password), for logs and errors.
    var location: String { get }
    var clock: any WallClock { get }
    var configuration: QueueConfiguration { get }

    // MARK: Accepting

    /// Starts a message. Append the body in chunks, then commit it together with its jobs.
    func makeMessageWriter(id: MessageID?) -> MessageWriter

    /// Commits the messages of several of this store's writers in one transaction, and completes
    /// `idempotency` in it: all of them durable, or none (a batch send's accepted items). With no message,
    /// only the key is completed.
    func commit(_ messages: [MessageCommit], idempotency: IdempotencyCompletion?) async throws -> [CommittedMessage]

    /// Adds jobs to an already committed message (e.g. `event.deliver` jobs after a relay).
    func enqueue(_ jobs: [JobSpec], for message: MessageID) async throws -> [JobID]

    // MARK: Reading

    func message(_ id: MessageID) async throws -> StoredMessage?
    /// The body as a chunked sequence; `nil` if the message does not exist.
    func messageBody(_ id: MessageID) async throws -> MessageBody?
    func job(_ id: JobID) async throws -> Job?
    func jobs(for message: MessageID) async throws -> [Job]
    /// Operator listing, oldest first (e.g. all dead jobs).
    func jobs(in state: JobState, kind: JobKind?, limit: Int) async throws -> [Job]
    func events(for message: MessageID) async throws -> [DeliveryEvent]
    func statistics() async throws -> QueueStatistics
    /// Messages newest first, filtered and paged (the inbound API's listing).
    func messages(matching query: MessageQuery) async throws -> [ListedMessage]

    // MARK: Working

    /// Leases up to `limit` due jobs of the given kinds (all kinds if empty), oldest due first.
    func lease(kinds: Set<JobKind>, limit: Int, owner: String, duration: Duration) async throws -> [LeasedJob]
    func extendLease(_ lease: JobLease, by duration: Duration) async throws -> JobLease
    /// Marks the job delivered, records `events`, and creates `followUps` on the same message, atomically.
    func complete(_ lease: JobLease, events: [DeliveryEventDraft], followUps: [JobSpec]) async throws
    /// Applies the kind's retry policy and returns what happened to the job. Atomically with the decision,
    /// records the failure's events, narrows the job's recipients to `failure.remainingRecipients` (when given)
    /// and creates `failure.followUps` on the same message, whatever the decision.
    func fail(_ lease: JobLease, _ failure: JobFailure) async throws -> RetryDecision
    /// Gives the job back without counting the attempt (graceful shutdown).
    func release(_ lease: JobLease) async throws
    /// Records history on a message, outside any job's transition, and creates `followUps` on it in the same
    /// transaction (a bounce reported after the relay: its recipient event and the event webhooks' jobs).
    func recordEvents(_ events: [DeliveryEventDraft], message: MessageID, job: JobID?, followUps: [JobSpec]) async throws

    // MARK: Operating

    /// Cancels a job that is queued (not leased, not finished): it becomes `failed` with final reason
    /// "canceled", `events` are recorded atomically. Returns false (and changes nothing) if the job is leased
    /// or finished, or does not exist.
    func cancel(job: JobID, events: [DeliveryEventDraft]) async throws -> Bool

    /// Sends a dead or failed job back to the queue with a fresh attempt budget.
    func retry(job: JobID) async throws
    /// Removes a message with its body, jobs and history at once (a refused synchronous delivery that the
    /// configuration does not keep). Removing a message that does not exist is not an error.
    func discard(_ id: MessageID) async throws
    // MARK: Idempotency keys

    /// Claims `key` within `scope` (e.g. the API key's name) for a request whose canonical form hashes to
    /// `requestHash`. Concurrent claims of one key never both get `.claimed`. An `in_flight` claim older than
    /// `staleAfter` (its request crashed) may be claimed again; a record older than its `ttl` counts as absent.
    func claimIdempotencyKey(
        scope: String, key: String, requestHash: String, ttl: Duration, staleAfter: Duration
    ) async throws -> IdempotencyClaim
    /// Records the response for a claimed key, replayed to later claims. (`MessageWriter.commit` can do this
    /// in the message's own transaction instead.) A key that is no longer stored is left absent.
    func completeIdempotencyKey(scope: String, key: String, status: Int, body: [UInt8]) async throws
    /// Forgets an `in_flight` claim (the request failed and may be sent again); a completed key is kept.
    func releaseIdempotencyKey(scope: String, key: String) async throws

    // MARK: Gone webhooks

    /// Records that the webhook `name` answered 410 Gone. A webhook already marked keeps its first time and reason.
    func markWebhookGone(_ name: String, reason: String) async throws
    /// The mark on `name`, or nil while it delivers.
    func goneWebhook(_ name: String) async throws -> GoneWebhook?
    /// Every mark, by name.
    func goneWebhooks() async throws -> [GoneWebhook]
    /// Removes the mark, so deliveries to the webhook resume; false when there was none.
    func clearGoneWebhook(_ name: String) async throws -> Bool

    /// Applies the retention policy, and removes expired idempotency keys.
    func prune() async throws -> PruneResult
    func close() async throws
}

extension QueueStore {
    public func makeMessageWriter() -> MessageWriter {
        self.makeMessageWriter(id: nil)
    }

    public func recordEvents(_ events: [DeliveryEventDraft], message: MessageID, job: JobID?) async throws {
        try await self.recordEvents(events, message: message, job: job, followUps: [])
    }

    public func complete(_ lease: JobLease) async throws {
        try await self.complete(lease, events: [], followUps: [])
    }

    public func lease(kinds: Set<JobKind> = [], limit: Int = 1, owner: String, duration: Duration = .seconds(60))
        async throws -> [LeasedJob]
    {
        try await self.lease(kinds: kinds, limit: limit, owner: owner, duration: duration)
    }

    /// One-shot enqueue of a message already in memory (the HTTP API path).
    public func enqueue(
        message bytes: ByteBuffer,
        envelope: Envelope,
        metadata: [String: String] = [:],
        jobs: [JobSpec],
        id: MessageID? = nil,
        idempotency: IdempotencyCompletion? = nil
    ) async throws -> CommittedMessage {
        let writer = self.makeMessageWriter(id: id)
        try await writer.append(bytes)
        return try await writer.commit(envelope: envelope, metadata: metadata, jobs: jobs, idempotency: idempotency)
    }
}
