import NIOCore
import Foundation
import GRDB

/// Applies group-committed writes inside one SQLite write transaction.
struct SQLiteWriteApplier {
    let db: Database
    let configuration: QueueConfiguration
    let metrics: QueueMetrics

    func apply(_ write: PendingWrite) throws -> WriteOutcome {
        switch write {
        case .chunk(let chunk):
            try self.insertChunk(chunk)
            return .done
        case .messages(let messages, let idempotency):
            for message in messages {
                try self.insertMessage(message)
            }
            if let idempotency {
                try SQLiteIdempotencyKeys(db: db).complete(idempotency)
            }
            return .done
        case .jobs(let jobs):
            guard let first = jobs.first else { return .done }
            guard try self.messageExists(first.messageID) else {
                return .refused(.messageNotFound(first.messageID))
            }
            for job in jobs {
                try self.insertJob(job)
            }
            return .done
        case .complete(let request):
            return try self.complete(request)
        case .fail(let request):
            return try self.fail(request)
        }
    }

    private func insertChunk(_ chunk: BodyChunk) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO queue_message_chunks (message_id, seq, data, created_at) VALUES (?, ?, ?, ?)")
        let data = chunk.bytes.withUnsafeReadableBytes { Data($0) }
        try statement.execute(arguments: [chunk.messageID.rawValue, chunk.sequence, data, chunk.createdAt])
    }

    private func insertMessage(_ message: NewMessage) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO queue_messages (id, envelope, metadata, size, chunk_count, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [
            message.id.rawValue, message.envelopeJSON, message.metadataJSON, message.size, message.chunkCount,
            message.createdAt,
        ])
        if let chunk = message.finalChunk {
            try self.insertChunk(chunk)
        }
        for job in message.jobs {
            try self.insertJob(job)
        }
        try self.insertEvent(
            message: message.id, job: nil, draft: DeliveryEventDraft(type: .received, detail: "\(message.size) bytes"),
            at: message.createdAt)
        self.metrics.recordEnqueued(bytes: message.size)
    }

    func insertJob(_ job: NewJob) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO queue_jobs (id, message_id, kind, state, recipients, payload, attempts, created_at,
                    cycle_started_at, next_attempt_at, lease_token, updated_at)
                VALUES (?, ?, ?, 'queued', ?, ?, 0, ?, ?, ?, 0, ?)
                """)
        try statement.execute(arguments: [
            job.id.rawValue, job.messageID.rawValue, job.kind.rawValue, job.recipientsJSON, Data(job.payload),
            job.createdAt, job.createdAt, job.nextAttemptAt, job.createdAt,
        ])
    }

    func insertEvent(message: MessageID, job: JobID?, draft: DeliveryEventDraft, at: Int64) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO queue_events (message_id, job_id, recipient, type, detail, at) VALUES (?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [
            message.rawValue, job?.rawValue, draft.recipient, draft.type.rawValue, draft.detail, at,
        ])
    }

    func messageExists(_ id: MessageID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM queue_messages WHERE id = ?", arguments: [id.rawValue]) ?? false
    }

    /// The job's row as a transition needs it, or `nil` if there is no such job.
    func readJob(_ id: JobID) throws -> LockedJob? {
        try Row.fetchOne(
            db, sql: "SELECT \(SQLiteWriteApplier.lockedJobColumns) FROM queue_jobs WHERE id = ?",
            arguments: [id.rawValue]
        ).map(Self.lockedJob(from:))
    }

    /// Leased jobs whose lease ran out by `now`, oldest expiry first.
    func readExpiredLeases(now: Int64, kinds: [String], limit: Int) throws -> [LockedJob] {
        let kindFilter =
            kinds.isEmpty ? "" : "AND kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))"
        return try Row.fetchAll(
            db,
            sql: """
                SELECT \(SQLiteWriteApplier.lockedJobColumns) FROM queue_jobs
                WHERE state = 'leased' AND lease_expires_at <= ? \(kindFilter) ORDER BY lease_expires_at LIMIT ?
                """,
            arguments: StatementArguments([now] + kinds + [limit])
        ).map(Self.lockedJob(from:))
    }

    static let lockedJobColumns = "id, message_id, kind, state, lease_token, attempts, cycle_started_at, lease_owner"

    private static func lockedJob(from row: Row) -> LockedJob {
        LockedJob(
            id: JobID(row[0] as String), messageID: MessageID(row[1] as String), kind: JobKind(rawValue: row[2]),
            state: JobState(rawValue: row[3] as String) ?? .queued, leaseToken: row[4], attempts: row[5],
            cycleStartedAt: Date(epochMilliseconds: row[6]), leaseOwner: row[7])
    }

    /// Writes what the queue core decided: the job's columns, its history and its follow-up jobs.
    func apply(_ transition: JobTransition, to job: LockedJob) throws {
        let at = transition.at.epochMilliseconds
        let recipients = try transition.recipients.map { try StoreJSON.encodeToString($0) }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE queue_jobs SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at),
                    recipients = COALESCE(?, recipients), last_error = COALESCE(?, last_error), final_reason = ?,
                    finished_at = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ?
                """)
        try statement.execute(arguments: [
            transition.state.rawValue, transition.nextAttemptAt?.epochMilliseconds, recipients, transition.lastError,
            transition.finalReason, transition.finishedAt?.epochMilliseconds, at, job.id.rawValue,
        ])
        for draft in transition.events {
            try self.insertEvent(message: job.messageID, job: job.id, draft: draft, at: at)
        }
        for followUp in try JobFactory.make(transition.followUps, for: job.messageID, now: transition.at) {
            try self.insertJob(followUp)
        }
        self.metrics.recordOutcome(kind: job.kind, outcome: transition.outcome)
    }

    private func complete(_ request: CompletionRequest) throws -> WriteOutcome {
        guard let job = try self.readJob(request.lease.jobID), job.isHeld(by: request.lease) else {
            return .refused(.leaseLost(request.lease.jobID))
        }
        let transition = JobTransition.completed(
            events: request.events, followUps: request.followUps, now: Date(epochMilliseconds: request.now))
        try self.apply(transition, to: job)
        return .done
    }

    private func fail(_ request: FailureRequest) throws -> WriteOutcome {
        guard let job = try self.readJob(request.lease.jobID), job.isHeld(by: request.lease) else {
            return .refused(.leaseLost(request.lease.jobID))
        }
        let transition = job.transition(
            after: .failed(request.failure), now: Date(epochMilliseconds: request.now),
            configuration: self.configuration)
        try self.apply(transition, to: job)
        guard let decision = transition.decision else { return .done }
        return .decision(decision)
    }
}
