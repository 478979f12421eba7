import Foundation
import NIOCore
import PostgresNIO

/// Applies group-committed writes inside one PostgreSQL transaction with as few round trips as
/// possible: inserts and job transitions are sent as one `unnest` statement per table, whatever the
/// batch size; failures (which the queue core decides from the job's row) add one locking read.
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
        var idempotencyCompletions: [IdempotencyCompletion] = []
        var chunks: [BodyChunk] = []
        var completions: [(index: Int, request: CompletionRequest)] = []
        var failures: [(index: Int, request: FailureRequest)] = []
        var jobLists: [(index: Int, jobs: [NewJob])] = []

        for (index, write) in writes.enumerated() {
            switch write {
            case .chunk(let chunk):
                chunks.append(chunk)
            case .messages(let batch, let idempotency):
                messages += batch
                chunks += batch.compactMap(\.finalChunk)
                if let idempotency { idempotencyCompletions.append(idempotency) }
            case .jobs(let list):
                jobLists.append((index, list))
            case .complete(let request):
                completions.append((index, request))
            case .fail(let request):
                failures.append((index, request))
            }
        }

        if !completions.isEmpty || !failures.isEmpty {
            try await self.finish(completions, failures, outcomes: &outcomes, events: &events, jobs: &jobs)
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
        try await PostgresIdempotencyKeys.complete(
            idempotencyCompletions, on: self.connection, logger: self.logger)
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

    /// Completions and failures, as one locking read (failures only) and one update.
    private func finish(
        _ completions: [(index: Int, request: CompletionRequest)], _ failures: [(index: Int, request: FailureRequest)],
        outcomes: inout [WriteOutcome], events: inout PostgresEventBatch, jobs: inout PostgresJobBatch
    ) async throws {
        let locked = try await PostgresJobLocks.held(
            by: failures.map(\.request.lease), on: self.connection, logger: self.logger)
        var transitions = PostgresTransitionBatch()
        var pending: [(index: Int, lease: JobLease, transition: JobTransition)] = []
        // One job finished twice in one batch: the first request wins, the others find the lease gone.
        var seen = Set<JobID>()
        for (index, request) in completions {
            let lease = request.lease
            guard seen.insert(lease.jobID).inserted else {
                outcomes[index] = .refused(.leaseLost(lease.jobID))
                continue
            }
            let transition = JobTransition.completed(
                events: request.events, followUps: request.followUps, now: Date(epochMilliseconds: request.now))
            try transitions.append(transition, job: lease.jobID, from: .leased, token: lease.token)
            pending.append((index, lease, transition))
        }
        for (index, request) in failures {
            let lease = request.lease
            guard let job = locked[lease.jobID], seen.insert(lease.jobID).inserted else {
                outcomes[index] = .refused(.leaseLost(lease.jobID))
                continue
            }
            let transition = job.transition(
                after: .failed(request.failure), now: Date(epochMilliseconds: request.now),
                configuration: self.configuration)
            try transitions.append(transition, job: lease.jobID, from: .leased, token: lease.token)
            pending.append((index, lease, transition))
        }
        let applied = try await transitions.apply(
            on: self.connection, logger: self.logger, events: &events, jobs: &jobs, metrics: self.metrics)
        for (index, lease, transition) in pending {
            guard applied.contains(lease.jobID) else {
                outcomes[index] = .refused(.leaseLost(lease.jobID))
                continue
            }
            if let decision = transition.decision {
                outcomes[index] = .decision(decision)
            }
        }
    }
}
