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
        case .message(let message):
            try self.insertMessage(message)
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

    private func complete(_ request: CompletionRequest) throws -> WriteOutcome {
        let lease = request.lease
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT message_id, kind, state, lease_token FROM queue_jobs WHERE id = ?",
                arguments: [lease.jobID.rawValue]),
            (row[2] as String) == JobState.leased.rawValue, (row[3] as Int64) == lease.token
        else {
            return .refused(.leaseLost(lease.jobID))
        }
        let messageID = MessageID(row[0] as String)
        let kind = JobKind(rawValue: row[1] as String)
        try db.execute(
            sql: """
                UPDATE queue_jobs SET state = 'delivered', finished_at = ?, updated_at = ?, lease_owner = NULL,
                    lease_expires_at = NULL WHERE id = ?
                """,
            arguments: [request.now, request.now, lease.jobID.rawValue])
        for draft in request.events {
            try self.insertEvent(message: messageID, job: lease.jobID, draft: draft, at: request.now)
        }
        try self.insertEvent(
            message: messageID, job: lease.jobID, draft: DeliveryEventDraft(type: .delivered), at: request.now)
        for job in try JobFactory.make(request.followUps, for: messageID, now: Date(epochMilliseconds: request.now)) {
            try self.insertJob(job)
        }
        self.metrics.recordOutcome(kind: kind, outcome: "delivered")
        return .done
    }

    private func fail(_ request: FailureRequest) throws -> WriteOutcome {
        let lease = request.lease
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT message_id, kind, state, lease_token, attempts, cycle_started_at FROM queue_jobs WHERE id = ?",
                arguments: [lease.jobID.rawValue]),
            (row[2] as String) == JobState.leased.rawValue, (row[3] as Int64) == lease.token
        else {
            return .refused(.leaseLost(lease.jobID))
        }
        let messageID = MessageID(row[0] as String)
        let kind = JobKind(rawValue: row[1] as String)
        let attempts = row[4] as Int
        var generator = SystemRandomNumberGenerator()
        let decision = self.configuration.retryPolicy(for: kind).decide(
            attempts: attempts, cycleStartedAt: Date(epochMilliseconds: row[5] as Int64),
            now: Date(epochMilliseconds: request.now), failure: request.failure, using: &generator)
        try self.applyDecision(decision, job: lease.jobID, error: request.failure.message, now: request.now)
        for draft in request.failure.events {
            try self.insertEvent(message: messageID, job: lease.jobID, draft: draft, at: request.now)
        }
        try self.insertEvent(
            message: messageID, job: lease.jobID,
            draft: decision.historyEvent(attempts: attempts, error: request.failure.message), at: request.now)
        self.metrics.recordOutcome(kind: kind, outcome: decision.outcomeLabel)
        return .decision(decision)
    }

    func applyDecision(_ decision: RetryDecision, job: JobID, error: String, now: Int64) throws {
        switch decision {
        case .retry(let date):
            try db.execute(
                sql: """
                    UPDATE queue_jobs SET state = 'queued', next_attempt_at = ?, last_error = ?, lease_owner = NULL,
                        lease_expires_at = NULL, updated_at = ? WHERE id = ?
                    """,
                arguments: [date.epochMilliseconds, error, now, job.rawValue])
        case .failed(let reason), .dead(let reason):
            try db.execute(
                sql: """
                    UPDATE queue_jobs SET state = ?, final_reason = ?, last_error = ?, finished_at = ?, lease_owner = NULL,
                        lease_expires_at = NULL, updated_at = ? WHERE id = ?
                    """,
                arguments: [decision.state.rawValue, reason, error, now, now, job.rawValue])
        }
    }
}
