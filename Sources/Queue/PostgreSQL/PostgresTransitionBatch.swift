import Foundation
import PostgresNIO

/// Job transitions decided by the queue core during one transaction, applied with one `UPDATE`.
///
/// Each row is guarded by the state and lease token it was decided from, so a completion whose lease was
/// lost changes nothing and is reported as not applied; for rows read `FOR UPDATE` the guard always holds.
struct PostgresTransitionBatch {
    private var entries: [(job: JobID, transition: JobTransition)] = []
    private var ids: [String] = []
    private var expectedStates: [String] = []
    private var tokens: [Int64] = []
    private var states: [String] = []
    // Arrays cannot carry NULLs through the binary protocol here; a flag per optional column says "set it".
    private var hasNextAttempt: [Bool] = []
    private var nextAttempts: [Int64] = []
    private var hasRecipients: [Bool] = []
    private var recipients: [String] = []
    private var hasError: [Bool] = []
    private var errors: [String] = []
    private var hasReason: [Bool] = []
    private var reasons: [String] = []
    private var hasFinished: [Bool] = []
    private var finished: [Int64] = []
    private var times: [Int64] = []

    var isEmpty: Bool { self.ids.isEmpty }

    mutating func append(_ transition: JobTransition, job: JobID, from state: JobState, token: Int64) throws {
        self.entries.append((job, transition))
        self.ids.append(job.rawValue)
        self.expectedStates.append(state.rawValue)
        self.tokens.append(token)
        self.states.append(transition.state.rawValue)
        self.hasNextAttempt.append(transition.nextAttemptAt != nil)
        self.nextAttempts.append(transition.nextAttemptAt?.epochMilliseconds ?? 0)
        self.hasRecipients.append(transition.recipients != nil)
        self.recipients.append(try transition.recipients.map { try StoreJSON.encodeToString($0) } ?? "")
        self.hasError.append(transition.lastError != nil)
        self.errors.append(transition.lastError ?? "")
        self.hasReason.append(transition.finalReason != nil)
        self.reasons.append(transition.finalReason ?? "")
        self.hasFinished.append(transition.finishedAt != nil)
        self.finished.append(transition.finishedAt?.epochMilliseconds ?? 0)
        self.times.append(transition.at.epochMilliseconds)
    }

    /// Updates the jobs, then adds the history and follow-up jobs of every transition that applied to the
    /// batches inserted later in the same transaction. Returns the jobs it applied to.
    func apply(
        on connection: PostgresConnection, logger: Logger, events: inout PostgresEventBatch,
        jobs: inout PostgresJobBatch, metrics: QueueMetrics
    ) async throws -> Set<JobID> {
        guard !self.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            UPDATE queue_jobs j SET state = u.s,
                next_attempt_at = CASE WHEN u.hn THEN u.n ELSE j.next_attempt_at END,
                recipients = CASE WHEN u.hr THEN u.r ELSE j.recipients END,
                last_error = CASE WHEN u.he THEN u.e ELSE j.last_error END,
                final_reason = CASE WHEN u.hf THEN u.f END,
                finished_at = CASE WHEN u.hd THEN u.d END,
                lease_owner = NULL, lease_expires_at = NULL, updated_at = u.a
            FROM unnest(\(self.ids)::text[], \(self.expectedStates)::text[], \(self.tokens)::int8[],
                        \(self.states)::text[], \(self.hasNextAttempt)::bool[], \(self.nextAttempts)::int8[],
                        \(self.hasRecipients)::bool[], \(self.recipients)::text[], \(self.hasError)::bool[],
                        \(self.errors)::text[], \(self.hasReason)::bool[], \(self.reasons)::text[],
                        \(self.hasFinished)::bool[], \(self.finished)::int8[], \(self.times)::int8[])
                AS u(i, x, t, s, hn, n, hr, r, he, e, hf, f, hd, d, a)
            WHERE j.id = u.i AND j.state = u.x AND j.lease_token = u.t
            RETURNING j.id, j.message_id, j.kind
            """,
            logger: logger)
        var updated: [String: (MessageID, JobKind)] = [:]
        for try await (id, message, kind) in rows.decode((String, String, String).self) {
            updated[id] = (MessageID(message), JobKind(rawValue: kind))
        }
        var applied = Set<JobID>()
        for (job, transition) in self.entries {
            guard let (messageID, kind) = updated[job.rawValue] else { continue }
            applied.insert(job)
            let at = transition.at.epochMilliseconds
            for draft in transition.events {
                events.append(message: messageID, job: job, draft: draft, at: at)
            }
            for followUp in try JobFactory.make(transition.followUps, for: messageID, now: transition.at) {
                jobs.append(followUp)
            }
            metrics.recordOutcome(kind: kind, outcome: transition.outcome)
        }
        return applied
    }
}
