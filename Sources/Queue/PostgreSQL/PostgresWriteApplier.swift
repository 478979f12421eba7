import Foundation
import NIOCore
import PostgresNIO

/// Applies group-committed writes inside one PostgreSQL transaction with as few round trips as
/// possible: inserts and completions are sent as one `unnest` statement per table, whatever the
/// batch size; only failures (which need the retry policy) are handled row by row.
struct PostgresWriteApplier {
    let connection: PostgresConnection
    let configuration: QueueConfiguration
    let metrics: QueueMetrics
    let logger: Logger

    func apply(_ writes: [PendingWrite]) async throws -> [WriteOutcome] {
        var outcomes = [WriteOutcome](repeating: .done, count: writes.count)
        var events = PostgresEventBatch()
        var jobs = PostgresJobBatch()
        var messages: [NewMessage] = []
        var chunks: [BodyChunk] = []
        var completions: [(index: Int, request: CompletionRequest)] = []
        var failures: [(index: Int, request: FailureRequest)] = []
        var jobLists: [(index: Int, jobs: [NewJob])] = []

        for (index, write) in writes.enumerated() {
            switch write {
            case .chunk(let chunk):
                chunks.append(chunk)
            case .message(let message):
                messages.append(message)
                if let chunk = message.finalChunk {
                    chunks.append(chunk)
                }
            case .jobs(let list):
                jobLists.append((index, list))
            case .complete(let request):
                completions.append((index, request))
            case .fail(let request):
                failures.append((index, request))
            }
        }

        if !completions.isEmpty {
            try await self.complete(completions, outcomes: &outcomes, events: &events, jobs: &jobs)
        }
        for (index, request) in failures {
            outcomes[index] = try await self.fail(request, events: &events)
        }
        if !jobLists.isEmpty {
            let wanted = Array(Set(jobLists.compactMap { $0.jobs.first?.messageID.rawValue }))
            var existing = Set<String>()
            let rows = try await connection.query(
                "SELECT id FROM queue_messages WHERE id = ANY(\(wanted)::text[])", logger: self.logger)
            for try await id in rows.decode(String.self) {
                existing.insert(id)
            }
            for (index, list) in jobLists {
                guard let first = list.first else { continue }
                guard existing.contains(first.messageID.rawValue) else {
                    outcomes[index] = .refused(.messageNotFound(first.messageID))
                    continue
                }
                list.forEach { jobs.append($0) }
            }
        }
        if !messages.isEmpty {
            try await self.insertMessages(messages)
            for message in messages {
                message.jobs.forEach { jobs.append($0) }
                events.append(
                    message: message.id, job: nil, draft: DeliveryEventDraft(type: .received, detail: "\(message.size) bytes"),
                    at: message.createdAt)
            }
        }
        if !chunks.isEmpty {
            try await self.insertChunks(chunks)
        }
        try await jobs.insert(on: self.connection, logger: self.logger)
        try await events.insert(on: self.connection, logger: self.logger)
        for message in messages {
            self.metrics.recordEnqueued(bytes: message.size)
        }
        return outcomes
    }

    private func insertMessages(_ messages: [NewMessage]) async throws {
        let ids = messages.map(\.id.rawValue)
        let envelopes = messages.map(\.envelopeJSON)
        let metadata = messages.map(\.metadataJSON)
        let sizes = messages.map { Int64($0.size) }
        let chunkCounts = messages.map { Int64($0.chunkCount) }
        let created = messages.map(\.createdAt)
        try await self.connection.query(
            """
            INSERT INTO queue_messages (id, envelope, metadata, size, chunk_count, created_at)
            SELECT * FROM unnest(\(ids)::text[], \(envelopes)::text[], \(metadata)::text[], \(sizes)::int8[],
                                 \(chunkCounts)::int8[], \(created)::int8[])
            """,
            logger: self.logger)
    }

    private func insertChunks(_ chunks: [BodyChunk]) async throws {
        let ids = chunks.map(\.messageID.rawValue)
        let sequences = chunks.map { Int64($0.sequence) }
        let data = chunks.map(\.bytes)
        let created = chunks.map(\.createdAt)
        try await self.connection.query(
            """
            INSERT INTO queue_message_chunks (message_id, seq, data, created_at)
            SELECT * FROM unnest(\(ids)::text[], \(sequences)::int8[], \(data)::bytea[], \(created)::int8[])
            ON CONFLICT (message_id, seq) DO UPDATE SET data = EXCLUDED.data, created_at = EXCLUDED.created_at
            """,
            logger: self.logger)
    }

    private func complete(
        _ completions: [(index: Int, request: CompletionRequest)], outcomes: inout [WriteOutcome],
        events: inout PostgresEventBatch, jobs: inout PostgresJobBatch
    ) async throws {
        let ids = completions.map(\.request.lease.jobID.rawValue)
        let tokens = completions.map(\.request.lease.token)
        let times = completions.map(\.request.now)
        let rows = try await self.connection.query(
            """
            UPDATE queue_jobs j SET state = 'delivered', finished_at = u.n, updated_at = u.n, lease_owner = NULL,
                lease_expires_at = NULL
            FROM unnest(\(ids)::text[], \(tokens)::int8[], \(times)::int8[]) AS u(i, t, n)
            WHERE j.id = u.i AND j.state = 'leased' AND j.lease_token = u.t
            RETURNING j.id, j.message_id, j.kind
            """,
            logger: self.logger)
        var completed: [String: (MessageID, JobKind)] = [:]
        for try await (id, message, kind) in rows.decode((String, String, String).self) {
            completed[id] = (MessageID(message), JobKind(rawValue: kind))
        }
        for (index, request) in completions {
            let jobID = request.lease.jobID
            guard let (messageID, kind) = completed[jobID.rawValue] else {
                outcomes[index] = .refused(.leaseLost(jobID))
                continue
            }
            for draft in request.events {
                events.append(message: messageID, job: jobID, draft: draft, at: request.now)
            }
            events.append(message: messageID, job: jobID, draft: DeliveryEventDraft(type: .delivered), at: request.now)
            for job in try JobFactory.make(request.followUps, for: messageID, now: Date(epochMilliseconds: request.now)) {
                jobs.append(job)
            }
            self.metrics.recordOutcome(kind: kind, outcome: "delivered")
        }
    }

    private func fail(_ request: FailureRequest, events: inout PostgresEventBatch) async throws -> WriteOutcome {
        let lease = request.lease
        let rows = try await self.connection.query(
            """
            SELECT message_id, kind, attempts, cycle_started_at FROM queue_jobs
            WHERE id = \(lease.jobID.rawValue) AND state = 'leased' AND lease_token = \(lease.token) FOR UPDATE
            """,
            logger: self.logger)
        var found: (String, String, Int32, Int64)?
        for try await row in rows.decode((String, String, Int32, Int64).self) {
            found = row
        }
        guard let (message, kindName, attempts, cycleStartedAt) = found else {
            return .refused(.leaseLost(lease.jobID))
        }
        let messageID = MessageID(message)
        let kind = JobKind(rawValue: kindName)
        var generator = SystemRandomNumberGenerator()
        let decision = self.configuration.retryPolicy(for: kind).decide(
            attempts: Int(attempts), cycleStartedAt: Date(epochMilliseconds: cycleStartedAt),
            now: Date(epochMilliseconds: request.now), failure: request.failure, using: &generator)
        try await Self.applyDecision(
            decision, job: lease.jobID, error: request.failure.message, now: request.now, on: self.connection,
            logger: self.logger)
        for draft in request.failure.events {
            events.append(message: messageID, job: lease.jobID, draft: draft, at: request.now)
        }
        events.append(
            message: messageID, job: lease.jobID,
            draft: decision.historyEvent(attempts: Int(attempts), error: request.failure.message), at: request.now)
        self.metrics.recordOutcome(kind: kind, outcome: decision.outcomeLabel)
        return .decision(decision)
    }

    static func applyDecision(
        _ decision: RetryDecision, job: JobID, error: String, now: Int64, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        switch decision {
        case .retry(let date):
            try await connection.query(
                """
                UPDATE queue_jobs SET state = 'queued', next_attempt_at = \(date.epochMilliseconds), last_error = \(error),
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now) WHERE id = \(job.rawValue)
                """,
                logger: logger)
        case .failed(let reason), .dead(let reason):
            try await connection.query(
                """
                UPDATE queue_jobs SET state = \(decision.state.rawValue), final_reason = \(reason), last_error = \(error),
                    finished_at = \(now), lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE id = \(job.rawValue)
                """,
                logger: logger)
        }
    }
}
