import Foundation
import Logging
import MailModel
import NIOCore
import PostgresNIO

/// The shared store for several replicas: PostgreSQL with synchronous commits.
///
/// Leasing selects due rows `FOR UPDATE SKIP LOCKED`, so concurrent replicas never wait on each
/// other and never take the same job; the lease token guards against a replica that lost its
/// lease and comes back. The store runs its own `PostgresClient` until `close()`.
public final class PostgresQueueStore: QueueStore, MessageBodyStorage {
    public let location: String
    public let clock: any WallClock
    public let configuration: QueueConfiguration

    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let core: QueueCore
    private let metrics: QueueMetrics
    private let logger: Logger

    private init(
        location: String, client: PostgresClient, runTask: Task<Void, Never>, configuration: QueueConfiguration,
        clock: any WallClock, logger: Logger
    ) {
        self.location = location
        self.client = client
        self.runTask = runTask
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        let metrics = QueueMetrics(store: "postgres", factory: configuration.metricsFactory)
        self.metrics = metrics
        let committer = GroupCommitter(maximumBatchSize: configuration.maximumBatchSize, metrics: metrics) {
            writes in
            try await Self.flush(
                writes, client: client, location: location, configuration: configuration, metrics: metrics,
                logger: logger)
        }
        self.core = QueueCore(committer: committer, clock: clock, location: location)
    }

    public static func open(
        settings: PostgresSettings,
        configuration: QueueConfiguration = QueueConfiguration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "mailgate.queue")
    ) async throws -> PostgresQueueStore {
        let location = settings.redactedURL
        let (client, runTask) = try await PostgresOpener.open(
            settings: settings, configuration: configuration, now: clock.now(), logger: logger)
        return PostgresQueueStore(
            location: location, client: client, runTask: runTask, configuration: configuration, clock: clock,
            logger: logger)
    }

    private static func flush(
        _ writes: [PendingWrite], client: PostgresClient, location: String, configuration: QueueConfiguration,
        metrics: QueueMetrics, logger: Logger
    ) async throws -> [WriteOutcome] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await PostgresWriteApplier(
                    connection: connection, configuration: configuration, metrics: metrics, logger: logger
                ).apply(writes)
            }
        } catch {
            if writes.count == 1, PostgresErrorMapper.isUniqueViolation(error) {
                throw QueueStoreError.duplicateID(
                    PostgresErrorMapper.explain(error), underlying: QueueStoreErrorCause(PostgresErrorMapper.unwrap(error)))
            }
            throw PostgresErrorMapper.runtimeError(error, store: location)
        }
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        do {
            return try await self.client.withTransaction(logger: self.logger, body)
        } catch {
            throw PostgresErrorMapper.runtimeError(error, store: self.location)
        }
    }

    private func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        do {
            return try await self.client.query(query, logger: self.logger)
        } catch {
            throw PostgresErrorMapper.runtimeError(error, store: self.location)
        }
    }

    private func collect<each Column: PostgresDecodable>(
        _ query: PostgresQuery, as type: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        do {
            var result: [(repeat each Column)] = []
            for try await row in try await self.client.query(query, logger: self.logger) {
                result.append(try row.decode((repeat each Column).self))
            }
            return result
        } catch {
            throw PostgresErrorMapper.runtimeError(error, store: self.location)
        }
    }

    private func collectJobs(_ query: PostgresQuery) async throws -> [Job] {
        do {
            var result: [Job] = []
            for try await row in try await self.client.query(query, logger: self.logger) {
                result.append(try PostgresJobDecoder.decode(row).job)
            }
            return result
        } catch {
            throw PostgresErrorMapper.runtimeError(error, store: self.location)
        }
    }

    // MARK: MessageBodyStorage

    func storeSpilledChunk(_ chunk: BodyChunk) async throws {
        try await self.core.storeSpilledChunk(chunk)
    }

    func commit(_ messages: [NewMessage], idempotency: IdempotencyCompletion?) async throws {
        try await self.core.commit(messages, idempotency: idempotency)
    }

    func discardChunks(of id: MessageID) async throws {
        _ = try await self.query("DELETE FROM queue_message_chunks WHERE message_id = \(id.rawValue)")
    }

    func readChunk(of id: MessageID, sequence: Int) async throws -> ByteBuffer? {
        try await self.collect(
            "SELECT data FROM queue_message_chunks WHERE message_id = \(id.rawValue) AND seq = \(Int32(sequence))",
            as: (ByteBuffer).self
        ).first
    }

    // MARK: Accepting

    public func makeMessageWriter(id: MessageID?) -> MessageWriter {
        MessageWriter(
            id: id ?? MessageID(TimeOrderedID.make(at: self.clock.now())), storage: self, clock: self.clock,
            chunkSize: self.configuration.chunkSize)
    }

    public func commit(_ messages: [MessageCommit], idempotency: IdempotencyCompletion?) async throws -> [CommittedMessage] {
        try await MessageWriter.commit(messages, idempotency: idempotency, storage: self, clock: self.clock)
    }

    public func enqueue(_ jobs: [JobSpec], for message: MessageID) async throws -> [JobID] {
        try await self.core.enqueue(jobs, for: message)
    }

    // MARK: Reading

    public func message(_ id: MessageID) async throws -> StoredMessage? {
        guard
            let (envelope, metadata, size, created) = try await self.collect(
                "SELECT envelope, metadata, size, created_at FROM queue_messages WHERE id = \(id.rawValue)",
                as: (String, String, Int64, Int64).self
            ).first
        else { return nil }
        return StoredMessage(
            id: id,
            envelope: try StoreJSON.decode(Envelope.self, from: envelope),
            metadata: try StoreJSON.decode([String: String].self, from: metadata),
            size: Int(size),
            createdAt: Date(epochMilliseconds: created))
    }

    public func messageBody(_ id: MessageID) async throws -> MessageBody? {
        guard
            let (size, chunkCount) = try await self.collect(
                "SELECT size, chunk_count FROM queue_messages WHERE id = \(id.rawValue)", as: (Int64, Int32).self
            ).first
        else { return nil }
        return MessageBody(messageID: id, size: Int(size), chunkCount: Int(chunkCount), storage: self)
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await self.collectJobs(
            "SELECT \(unescaped: PostgresSchema.jobColumns) FROM queue_jobs WHERE id = \(id.rawValue)"
        ).first
    }

    public func jobs(for message: MessageID) async throws -> [Job] {
        try await self.collectJobs(
            "SELECT \(unescaped: PostgresSchema.jobColumns) FROM queue_jobs WHERE message_id = \(message.rawValue) ORDER BY id"
        )
    }

    public func jobs(in state: JobState, kind: JobKind?, limit: Int) async throws -> [Job] {
        if let kind {
            return try await self.collectJobs(
                """
                SELECT \(unescaped: PostgresSchema.jobColumns) FROM queue_jobs
                WHERE state = \(state.rawValue) AND kind = \(kind.rawValue) ORDER BY created_at, id LIMIT \(Int64(limit))
                """)
        }
        return try await self.collectJobs(
            """
            SELECT \(unescaped: PostgresSchema.jobColumns) FROM queue_jobs
            WHERE state = \(state.rawValue) ORDER BY created_at, id LIMIT \(Int64(limit))
            """)
    }

    public func events(for message: MessageID) async throws -> [DeliveryEvent] {
        try await self.collect(
            """
            SELECT seq, job_id, recipient, type, detail, at FROM queue_events
            WHERE message_id = \(message.rawValue) ORDER BY seq
            """,
            as: (Int64, String?, String?, String, String?, Int64).self
        ).map { sequence, job, recipient, type, detail, at in
            DeliveryEvent(
                sequence: sequence, messageID: message, jobID: job.map(JobID.init(rawValue:)), recipient: recipient,
                type: DeliveryEventType(rawValue: type), detail: detail, at: Date(epochMilliseconds: at))
        }
    }

    public func statistics() async throws -> QueueStatistics {
        var counts: [JobKind: [JobState: Int]] = [:]
        for (kind, state, count) in try await self.collect(
            "SELECT kind, state, COUNT(*) FROM queue_jobs GROUP BY kind, state", as: (String, String, Int64).self)
        {
            guard let state = JobState(rawValue: state) else { continue }
            counts[JobKind(rawValue: kind), default: [:]][state] = Int(count)
        }
        var oldest: [JobKind: Date] = [:]
        for (kind, created) in try await self.collect(
            "SELECT kind, MIN(created_at) FROM queue_jobs WHERE state IN ('queued', 'leased') GROUP BY kind",
            as: (String, Int64).self)
        {
            oldest[JobKind(rawValue: kind)] = Date(epochMilliseconds: created)
        }
        let messages = try await self.collect("SELECT COUNT(*) FROM queue_messages", as: (Int64).self).first ?? Int64(0)
        return QueueStatistics(jobCounts: counts, oldestPendingJob: oldest, messageCount: Int(messages))
    }

    public func messages(matching query: MessageQuery) async throws -> [ListedMessage] {
        let before = query.before?.rawValue
        let since = query.since?.epochMilliseconds
        let until = query.until?.epochMilliseconds
        let state = query.state?.rawValue
        let rows = try await self.collect(
            """
            SELECT id, envelope, metadata, size, created_at, state FROM (
                SELECT m.*, \(unescaped: MessageState.sqlExpression) AS state FROM queue_messages m
                WHERE (\(before)::text IS NULL OR m.id < \(before)::text)
                AND (\(since)::int8 IS NULL OR m.created_at >= \(since)::int8)
                AND (\(until)::int8 IS NULL OR m.created_at < \(until)::int8)
                AND (\(query.sender)::text IS NULL OR lower(m.envelope::jsonb ->> 'mail_from') = lower(\(query.sender)::text))
                AND (\(query.recipient)::text IS NULL OR EXISTS (
                    SELECT 1 FROM jsonb_array_elements_text(m.envelope::jsonb -> 'rcpt_to') r(address)
                    WHERE lower(r.address) = lower(\(query.recipient)::text)))
                AND (\(query.metadataKey)::text IS NULL OR m.metadata::jsonb -> \(query.metadataKey)::text IS NOT NULL)
                AND (\(query.tag)::text IS NULL OR EXISTS (
                    SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND j.kind = 'outbound.relay'
                    -- Only relay payloads are JSON for certain; CASE keeps the cast off the others.
                    AND CASE WHEN j.kind = 'outbound.relay'
                        THEN convert_from(j.payload, 'UTF8')::jsonb -> 'tags' @> jsonb_build_array(\(query.tag)::text)
                        ELSE false END))
            ) listed WHERE (\(state)::text IS NULL OR state = \(state)::text)
            ORDER BY id DESC LIMIT \(Int64(query.limit))
            """,
            as: (String, String, String, Int64, Int64, String).self)
        return try rows.map { id, envelope, metadata, size, created, state in
            ListedMessage(
                message: StoredMessage(
                    id: MessageID(id),
                    envelope: try StoreJSON.decode(Envelope.self, from: envelope),
                    metadata: try StoreJSON.decode([String: String].self, from: metadata),
                    size: Int(size),
                    createdAt: Date(epochMilliseconds: created)),
                state: MessageState(rawValue: state) ?? .pending)
        }
    }

    // MARK: Working

    public func lease(kinds: Set<JobKind>, limit: Int, owner: String, duration: Duration) async throws -> [LeasedJob] {
        guard limit > 0 else { return [] }
        let now = self.clock.now()
        let nowMilliseconds = now.epochMilliseconds
        let expires = now.adding(duration).epochMilliseconds
        let kindValues = kinds.map(\.rawValue).sorted()
        let configuration = self.configuration
        let metrics = self.metrics
        let logger = self.logger
        let leased: [LeasedJob] = try await self.transaction { connection in
            var events = PostgresEventBatch()
            // Leases whose holder vanished: count the attempt as failed and apply the policy.
            var transitions = PostgresTransitionBatch()
            for job in try await PostgresJobLocks.expired(
                now: nowMilliseconds, kinds: kindValues, limit: limit, on: connection, logger: logger)
            {
                let transition = job.transition(
                    after: .leaseExpired(holder: job.leaseOwner ?? "?"), now: now, configuration: configuration)
                try transitions.append(transition, job: job.id, from: job.state, token: job.leaseToken)
            }
            var followUps = PostgresJobBatch()
            _ = try await transitions.apply(
                on: connection, logger: logger, events: &events, jobs: &followUps, metrics: metrics)
            try await followUps.insert(on: connection, logger: logger)
            let rows = try await connection.query(
                """
                WITH due AS (
                    SELECT id FROM queue_jobs
                    WHERE state = 'queued' AND next_attempt_at <= \(nowMilliseconds)
                      AND (cardinality(\(kindValues)::text[]) = 0 OR kind = ANY(\(kindValues)::text[]))
                    ORDER BY next_attempt_at LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED)
                UPDATE queue_jobs j SET state = 'leased', attempts = j.attempts + 1, lease_token = j.lease_token + 1,
                    lease_owner = \(owner), lease_expires_at = \(expires), updated_at = \(nowMilliseconds)
                FROM due WHERE j.id = due.id
                RETURNING \(unescaped: PostgresSchema.qualifiedJobColumns)
                """,
                logger: logger)
            var result: [LeasedJob] = []
            for try await row in rows {
                let (job, token) = try PostgresJobDecoder.decode(row)
                let lease = JobLease(
                    jobID: job.id, token: token, owner: owner, expiresAt: Date(epochMilliseconds: expires))
                events.append(
                    message: job.messageID, job: job.id,
                    draft: DeliveryEventDraft(type: .attempt, detail: "attempt \(job.attempts) by \(owner)"),
                    at: nowMilliseconds)
                result.append(LeasedJob(job: job, lease: lease))
            }
            try await events.insert(on: connection, logger: logger)
            return result.sorted { $0.job.nextAttemptAt < $1.job.nextAttemptAt }
        }
        for item in leased {
            metrics.recordAttempt(kind: item.job.kind)
        }
        return leased
    }

    public func extendLease(_ lease: JobLease, by duration: Duration) async throws -> JobLease {
        let now = self.clock.now()
        let expires = now.adding(duration).epochMilliseconds
        let updated = try await self.collect(
            """
            UPDATE queue_jobs SET lease_expires_at = \(expires), updated_at = \(now.epochMilliseconds)
            WHERE id = \(lease.jobID.rawValue) AND state = 'leased' AND lease_token = \(lease.token) RETURNING id
            """,
            as: (String).self)
        guard updated.count == 1 else { throw QueueStoreError.leaseLost(lease.jobID) }
        var extended = lease
        extended.expiresAt = Date(epochMilliseconds: expires)
        return extended
    }

    public func complete(_ lease: JobLease, events: [DeliveryEventDraft], followUps: [JobSpec]) async throws {
        try await self.core.complete(lease, events: events, followUps: followUps)
    }

    public func fail(_ lease: JobLease, _ failure: JobFailure) async throws -> RetryDecision {
        try await self.core.fail(lease, failure)
    }

    public func cancel(job id: JobID, events: [DeliveryEventDraft]) async throws -> Bool {
        let now = self.clock.now()
        let metrics = self.metrics
        let logger = self.logger
        return try await self.transaction { connection in
            guard let job = try await PostgresJobLocks.job(id, on: connection, logger: logger), job.state == .queued
            else { return false }
            var transitions = PostgresTransitionBatch()
            try transitions.append(
                JobTransition.canceled(events: events, now: now), job: job.id, from: job.state, token: job.leaseToken)
            var history = PostgresEventBatch()
            var followUps = PostgresJobBatch()
            let applied = try await transitions.apply(
                on: connection, logger: logger, events: &history, jobs: &followUps, metrics: metrics)
            try await followUps.insert(on: connection, logger: logger)
            try await history.insert(on: connection, logger: logger)
            return applied.contains(job.id)
        }
    }

    public func release(_ lease: JobLease) async throws {
        let now = self.clock.now().epochMilliseconds
        let logger = self.logger
        let released: Bool = try await self.transaction { connection in
            let rows = try await connection.query(
                """
                UPDATE queue_jobs SET state = 'queued', attempts = GREATEST(attempts - 1, 0), next_attempt_at = \(now),
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = \(now)
                WHERE id = \(lease.jobID.rawValue) AND state = 'leased' AND lease_token = \(lease.token)
                RETURNING message_id
                """,
                logger: logger)
            var message: String?
            for try await id in rows.decode(String.self) {
                message = id
            }
            guard let message else { return false }
            var events = PostgresEventBatch()
            events.append(
                message: MessageID(message), job: lease.jobID,
                draft: DeliveryEventDraft(type: .released, detail: "released by \(lease.owner)"), at: now)
            try await events.insert(on: connection, logger: logger)
            return true
        }
        guard released else { throw QueueStoreError.leaseLost(lease.jobID) }
    }

    public func recordEvents(
        _ events: [DeliveryEventDraft], message: MessageID, job: JobID?, followUps: [JobSpec]
    ) async throws {
        let date = self.clock.now()
        let now = date.epochMilliseconds
        let exists = try await self.collect(
            "SELECT id FROM queue_messages WHERE id = \(message.rawValue)", as: (String).self)
        guard !exists.isEmpty else { throw QueueStoreError.messageNotFound(message) }
        var batch = PostgresEventBatch()
        for draft in events {
            batch.append(message: message, job: job, draft: draft, at: now)
        }
        var jobs = PostgresJobBatch()
        for newJob in try JobFactory.make(followUps, for: message, now: date) {
            jobs.append(newJob)
        }
        let logger = self.logger
        let (finalBatch, finalJobs) = (batch, jobs)
        try await self.transaction { connection in
            try await finalBatch.insert(on: connection, logger: logger)
            try await finalJobs.insert(on: connection, logger: logger)
        }
    }

    // MARK: Operating

    public func retry(job id: JobID) async throws {
        let now = self.clock.now().epochMilliseconds
        let logger = self.logger
        try await self.transaction { connection in
            let rows = try await connection.query(
                "SELECT state, message_id FROM queue_jobs WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
            var found: (String, String)?
            for try await row in rows.decode((String, String).self) {
                found = row
            }
            guard let (stateName, message) = found else { throw QueueStoreError.jobNotFound(id) }
            let state = JobState(rawValue: stateName) ?? .queued
            guard state.isRetryableByOperator else { throw QueueStoreError.notRetryable(id, state: state) }
            try await connection.query(
                """
                UPDATE queue_jobs SET state = 'queued', attempts = 0, cycle_started_at = \(now), next_attempt_at = \(now),
                    final_reason = NULL, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
                    updated_at = \(now) WHERE id = \(id.rawValue)
                """,
                logger: logger)
            var events = PostgresEventBatch()
            events.append(
                message: MessageID(message), job: id,
                draft: DeliveryEventDraft(type: .operatorRetry, detail: "was \(state.rawValue)"), at: now)
            try await events.insert(on: connection, logger: logger)
        }
    }

    public func discard(_ id: MessageID) async throws {
        // Jobs and events go with the message (ON DELETE CASCADE); chunks have no foreign key.
        _ = try await self.collect(
            """
            WITH gone AS (DELETE FROM queue_messages WHERE id = \(id.rawValue) RETURNING id),
            chunks AS (DELETE FROM queue_message_chunks WHERE message_id = \(id.rawValue))
            SELECT COUNT(*) FROM gone
            """,
            as: (Int64).self)
    }

    // MARK: Idempotency keys

    public func claimIdempotencyKey(
        scope: String, key: String, requestHash: String, ttl: Duration, staleAfter: Duration
    ) async throws -> IdempotencyClaim {
        let now = self.clock.now()
        let logger = self.logger
        let location = self.location
        return try await self.transaction { connection in
            try await PostgresIdempotencyKeys.claim(
                scope: scope, key: key, requestHash: requestHash, ttl: ttl, staleAfter: staleAfter, now: now,
                store: location, on: connection, logger: logger)
        }
    }

    public func completeIdempotencyKey(scope: String, key: String, status: Int, body: [UInt8]) async throws {
        let logger = self.logger
        try await self.transaction { connection in
            try await PostgresIdempotencyKeys.complete(
                [IdempotencyCompletion(scope: scope, key: key, status: status, body: body)], on: connection,
                logger: logger)
        }
    }

    public func releaseIdempotencyKey(scope: String, key: String) async throws {
        let logger = self.logger
        try await self.transaction { connection in
            try await PostgresIdempotencyKeys.release(scope: scope, key: key, on: connection, logger: logger)
        }
    }

    // MARK: Gone webhooks

    public func markWebhookGone(_ name: String, reason: String) async throws {
        let now = self.clock.now()
        let logger = self.logger
        try await self.transaction { connection in
            try await PostgresGoneWebhooks.mark(name, reason: reason, now: now, on: connection, logger: logger)
        }
    }

    public func goneWebhook(_ name: String) async throws -> GoneWebhook? {
        let logger = self.logger
        return try await self.transaction { connection in
            try await PostgresGoneWebhooks.find(name, on: connection, logger: logger).first
        }
    }

    public func goneWebhooks() async throws -> [GoneWebhook] {
        let logger = self.logger
        return try await self.transaction { connection in
            try await PostgresGoneWebhooks.find(nil, on: connection, logger: logger)
        }
    }

    public func clearGoneWebhook(_ name: String) async throws -> Bool {
        let logger = self.logger
        return try await self.transaction { connection in
            try await PostgresGoneWebhooks.clear(name, on: connection, logger: logger)
        }
    }

    public func prune() async throws -> PruneResult {
        let now = self.clock.now()
        let retention = self.configuration.retention
        let completedCutoff = now.epochMilliseconds - retention.completed.milliseconds
        let deadCutoff = retention.dead.map { now.epochMilliseconds - $0.milliseconds }
        let abandonedCutoff = now.epochMilliseconds - retention.abandonedUpload.milliseconds
        var messages = 0
        while true {
            let removed = try await self.collect(
                """
                WITH doomed AS (
                    SELECT m.id FROM queue_messages m WHERE m.created_at <= \(completedCutoff) AND NOT EXISTS (
                        SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND NOT (
                            (j.state IN ('delivered', 'failed') AND j.finished_at <= \(completedCutoff))
                            OR (j.state = 'dead' AND \(deadCutoff)::int8 IS NOT NULL AND j.finished_at <= \(deadCutoff)::int8)))
                    LIMIT 500),
                gone AS (DELETE FROM queue_messages WHERE id IN (SELECT id FROM doomed) RETURNING id),
                chunks AS (DELETE FROM queue_message_chunks WHERE message_id IN (SELECT id FROM gone))
                SELECT COUNT(*) FROM gone
                """,
                as: (Int64).self
            ).first ?? Int64(0)
            messages += Int(removed)
            if removed < 500 { break }
        }
        let abandoned = try await self.collect(
            """
            WITH gone AS (
                DELETE FROM queue_message_chunks c WHERE c.created_at <= \(abandonedCutoff)
                AND NOT EXISTS (SELECT 1 FROM queue_messages m WHERE m.id = c.message_id) RETURNING 1)
            SELECT COUNT(*) FROM gone
            """,
            as: (Int64).self
        ).first ?? Int64(0)
        let keys = try await self.collect(
            """
            WITH gone AS (DELETE FROM queue_idempotency_keys WHERE expires_at <= \(now.epochMilliseconds) RETURNING 1)
            SELECT COUNT(*) FROM gone
            """,
            as: (Int64).self
        ).first ?? Int64(0)
        return PruneResult(messages: messages, abandonedChunks: Int(abandoned), idempotencyKeys: Int(keys))
    }

    public func close() async throws {
        await self.core.committer.close()
        self.runTask.cancel()
        await self.runTask.value
    }
}
