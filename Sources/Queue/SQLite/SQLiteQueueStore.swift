import Foundation
import GRDB
import Logging
import MailModel
import NIOCore

/// The embedded store: one SQLite file in WAL mode with synchronous (fsynced) commits.
///
/// One writer connection serialises all writes, so leasing needs no row locks: selecting due jobs
/// and marking them leased happen in one IMMEDIATE transaction, which also excludes other
/// processes opening the same file.
public final class SQLiteQueueStore: QueueStore, MessageBodyStorage {
    public let location: String
    public let clock: any WallClock
    public let configuration: QueueConfiguration

    private let pool: DatabasePool
    private let core: QueueCore
    private let metrics: QueueMetrics
    private let checkpointer: SQLiteCheckpointer

    private init(
        path: String, pool: DatabasePool, checkpointer: SQLiteCheckpointer, configuration: QueueConfiguration,
        clock: any WallClock
    ) {
        self.location = path
        self.pool = pool
        self.checkpointer = checkpointer
        self.configuration = configuration
        self.clock = clock
        let metrics = QueueMetrics(store: "sqlite", factory: configuration.metricsFactory)
        self.metrics = metrics
        let committer = GroupCommitter(maximumBatchSize: configuration.maximumBatchSize, metrics: metrics) {
            writes in
            try await Self.flush(writes, pool: pool, path: path, configuration: configuration, metrics: metrics)
        }
        self.core = QueueCore(committer: committer, clock: clock, location: path)
    }

    /// Opens (creating if absent) the queue file at `path`; see `SQLiteOpener` for the checks.
    public static func open(
        path: String,
        configuration: QueueConfiguration = QueueConfiguration(),
        clock: any WallClock = SystemWallClock(),
        logger: Logger = Logger(label: "mailgate.queue")
    ) async throws -> SQLiteQueueStore {
        let pool = try SQLiteOpener.open(path: path, configuration: configuration, clock: clock, logger: logger)
        let checkpointer: SQLiteCheckpointer
        do {
            checkpointer = try SQLiteCheckpointer(path: path, interval: .milliseconds(100), logger: logger)
        } catch {
            throw SQLiteErrorMapper.openError(error, path: path)
        }
        return SQLiteQueueStore(
            path: path, pool: pool, checkpointer: checkpointer, configuration: configuration, clock: clock)
    }

    private static func flush(
        _ writes: [PendingWrite], pool: DatabasePool, path: String, configuration: QueueConfiguration,
        metrics: QueueMetrics
    ) async throws -> [WriteOutcome] {
        do {
            return try await pool.write { db in
                let applier = SQLiteWriteApplier(db: db, configuration: configuration, metrics: metrics)
                return try writes.map { try applier.apply($0) }
            }
        } catch {
            if writes.count == 1, SQLiteErrorMapper.isConstraintViolation(error) {
                throw QueueStoreError.duplicateID(Self.describe(writes[0]), underlying: QueueStoreErrorCause(error))
            }
            throw SQLiteErrorMapper.runtimeError(error, path: path)
        }
    }

    private static func describe(_ write: PendingWrite) -> String {
        switch write {
        case .chunk(let chunk): "\(chunk.messageID) chunk \(chunk.sequence)"
        case .messages(let messages, _): "messages \(messages.map(\.id.rawValue).joined(separator: ", ")) (or one of its job ids)"
        case .jobs(let jobs): "one of the jobs \(jobs.map(\.id.rawValue).joined(separator: ", "))"
        case .complete(let request): "job \(request.lease.jobID)"
        case .fail(let request): "job \(request.lease.jobID)"
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await self.pool.write(body)
        } catch {
            throw SQLiteErrorMapper.runtimeError(error, path: self.location)
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await self.pool.read(body)
        } catch {
            throw SQLiteErrorMapper.runtimeError(error, path: self.location)
        }
    }

    private func applier(_ db: Database) -> SQLiteWriteApplier {
        SQLiteWriteApplier(db: db, configuration: self.configuration, metrics: self.metrics)
    }

    // MARK: MessageBodyStorage

    func storeSpilledChunk(_ chunk: BodyChunk) async throws {
        try await self.core.storeSpilledChunk(chunk)
    }

    func commit(_ messages: [NewMessage], idempotency: IdempotencyCompletion?) async throws {
        try await self.core.commit(messages, idempotency: idempotency)
    }

    func discardChunks(of id: MessageID) async throws {
        try await self.write { db in
            try db.execute(sql: "DELETE FROM queue_message_chunks WHERE message_id = ?", arguments: [id.rawValue])
        }
    }

    func readChunk(of id: MessageID, sequence: Int) async throws -> ByteBuffer? {
        let data = try await self.read { db in
            try Data.fetchOne(
                db, sql: "SELECT data FROM queue_message_chunks WHERE message_id = ? AND seq = ?",
                arguments: [id.rawValue, sequence])
        }
        return data.map { ByteBuffer(bytes: $0) }
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
        try await self.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT envelope, metadata, size, created_at FROM queue_messages WHERE id = ?",
                    arguments: [id.rawValue])
            else { return nil }
            return StoredMessage(
                id: id,
                envelope: try StoreJSON.decode(Envelope.self, from: row[0]),
                metadata: try StoreJSON.decode([String: String].self, from: row[1]),
                size: row[2],
                createdAt: Date(epochMilliseconds: row[3]))
        }
    }

    public func messageBody(_ id: MessageID) async throws -> MessageBody? {
        let sizes: (Int, Int)? = try await self.read { db in
            try Row.fetchOne(db, sql: "SELECT size, chunk_count FROM queue_messages WHERE id = ?", arguments: [id.rawValue])
                .map { ($0[0], $0[1]) }
        }
        guard let (size, chunkCount) = sizes else { return nil }
        return MessageBody(messageID: id, size: size, chunkCount: chunkCount, storage: self)
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await self.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(SQLiteSchema.jobColumns) FROM queue_jobs WHERE id = ?", arguments: [id.rawValue]
            ).map(SQLiteJobDecoder.job(from:))
        }
    }

    public func jobs(for message: MessageID) async throws -> [Job] {
        try await self.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SQLiteSchema.jobColumns) FROM queue_jobs WHERE message_id = ? ORDER BY id",
                arguments: [message.rawValue]
            ).map(SQLiteJobDecoder.job(from:))
        }
    }

    public func jobs(in state: JobState, kind: JobKind?, limit: Int) async throws -> [Job] {
        try await self.read { db in
            if let kind {
                return try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(SQLiteSchema.jobColumns) FROM queue_jobs WHERE state = ? AND kind = ?
                        ORDER BY created_at, id LIMIT ?
                        """,
                    arguments: [state.rawValue, kind.rawValue, limit]
                ).map(SQLiteJobDecoder.job(from:))
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT \(SQLiteSchema.jobColumns) FROM queue_jobs WHERE state = ? ORDER BY created_at, id LIMIT ?",
                arguments: [state.rawValue, limit]
            ).map(SQLiteJobDecoder.job(from:))
        }
    }

    public func events(for message: MessageID) async throws -> [DeliveryEvent] {
        try await self.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, job_id, recipient, type, detail, at FROM queue_events WHERE message_id = ? ORDER BY seq",
                arguments: [message.rawValue]
            ).map { row in
                let job: String? = row[1]
                return DeliveryEvent(
                    sequence: row[0], messageID: message, jobID: job.map(JobID.init(rawValue:)), recipient: row[2],
                    type: DeliveryEventType(rawValue: row[3]), detail: row[4], at: Date(epochMilliseconds: row[5]))
            }
        }
    }

    public func statistics() async throws -> QueueStatistics {
        try await self.read { db in
            var counts: [JobKind: [JobState: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, state, COUNT(*) FROM queue_jobs GROUP BY kind, state") {
                guard let state = JobState(rawValue: row[1]) else { continue }
                counts[JobKind(rawValue: row[0]), default: [:]][state] = row[2]
            }
            var oldest: [JobKind: Date] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, MIN(created_at) FROM queue_jobs WHERE state IN ('queued', 'leased') GROUP BY kind
                    """)
            {
                oldest[JobKind(rawValue: row[0])] = Date(epochMilliseconds: row[1])
            }
            let messages = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queue_messages") ?? 0
            return QueueStatistics(jobCounts: counts, oldestPendingJob: oldest, messageCount: messages)
        }
    }

    public func messages(matching query: MessageQuery) async throws -> [ListedMessage] {
        try await self.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, envelope, metadata, size, created_at, state FROM (
                        SELECT m.*, \(MessageState.sqlExpression) AS state FROM queue_messages m
                        WHERE (?1 IS NULL OR m.id < ?1)
                        AND (?2 IS NULL OR m.created_at >= ?2) AND (?3 IS NULL OR m.created_at < ?3)
                        AND (?4 IS NULL OR lower(json_extract(m.envelope, '$.mail_from')) = lower(?4))
                        AND (?5 IS NULL OR EXISTS (
                            SELECT 1 FROM json_each(m.envelope, '$.rcpt_to') r WHERE lower(r.value) = lower(?5)))
                        AND (?8 IS NULL OR json_type(m.metadata, '$."' || ?8 || '"') IS NOT NULL)
                        AND (?9 IS NULL OR EXISTS (
                            SELECT 1 FROM queue_jobs j, json_each(CASE WHEN j.kind = 'outbound.relay' THEN CAST(j.payload AS TEXT) ELSE '{}' END, '$.tags') t
                            WHERE j.message_id = m.id AND j.kind = 'outbound.relay' AND t.value = ?9))
                    ) WHERE (?6 IS NULL OR state = ?6)
                    ORDER BY id DESC LIMIT ?7
                    """,
                arguments: [
                    query.before?.rawValue, query.since?.epochMilliseconds, query.until?.epochMilliseconds,
                    query.sender, query.recipient, query.state?.rawValue, query.limit, query.metadataKey, query.tag,
                ]
            ).map { row in
                ListedMessage(
                    message: StoredMessage(
                        id: MessageID(row[0] as String),
                        envelope: try StoreJSON.decode(Envelope.self, from: row[1]),
                        metadata: try StoreJSON.decode([String: String].self, from: row[2]),
                        size: row[3],
                        createdAt: Date(epochMilliseconds: row[4])),
                    state: MessageState(rawValue: row[5]) ?? .pending)
            }
        }
    }

    // MARK: Working

    /// The jobs due now, oldest first, of `kinds` kinds (none: every kind); arguments: now, the kinds, the limit.
    static func dueJobsSQL(kinds: Int) -> String {
        let kindFilter = kinds == 0 ? "" : "AND kind IN (\(Array(repeating: "?", count: kinds).joined(separator: ", ")))"
        return """
            SELECT id FROM queue_jobs WHERE state = 'queued' AND next_attempt_at <= ? \(kindFilter)
            ORDER BY next_attempt_at LIMIT ?
            """
    }

    public func lease(kinds: Set<JobKind>, limit: Int, owner: String, duration: Duration) async throws -> [LeasedJob] {
        guard limit > 0 else { return [] }
        let now = self.clock.now()
        let nowMilliseconds = now.epochMilliseconds
        let expires = now.adding(duration).epochMilliseconds
        let kindValues = kinds.map(\.rawValue).sorted()
        let configuration = self.configuration
        let metrics = self.metrics
        let leased = try await self.write { db in
            let applier = SQLiteWriteApplier(db: db, configuration: configuration, metrics: metrics)
            // Leases whose holder vanished: count the attempt as failed and apply the policy.
            for job in try applier.readExpiredLeases(now: nowMilliseconds, kinds: kindValues, limit: limit) {
                let transition = job.transition(
                    after: .leaseExpired(holder: job.leaseOwner ?? "?"), now: now, configuration: configuration)
                try applier.apply(transition, to: job)
            }
            let due = try String.fetchAll(
                db, sql: Self.dueJobsSQL(kinds: kindValues.count),
                arguments: StatementArguments([nowMilliseconds] + kindValues + [limit]))
            var result: [LeasedJob] = []
            result.reserveCapacity(due.count)
            let update = try db.cachedStatement(
                sql: """
                    UPDATE queue_jobs SET state = 'leased', attempts = attempts + 1, lease_token = lease_token + 1,
                        lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE id = ?
                    RETURNING \(SQLiteSchema.jobColumns)
                    """)
            for id in due {
                guard let row = try Row.fetchOne(update, arguments: [owner, expires, nowMilliseconds, id]) else {
                    continue
                }
                let job = try SQLiteJobDecoder.job(from: row)
                let lease = JobLease(
                    jobID: job.id, token: SQLiteJobDecoder.leaseToken(from: row), owner: owner,
                    expiresAt: Date(epochMilliseconds: expires))
                try applier.insertEvent(
                    message: job.messageID, job: job.id,
                    draft: DeliveryEventDraft(type: .attempt, detail: "attempt \(job.attempts) by \(owner)"),
                    at: nowMilliseconds)
                result.append(LeasedJob(job: job, lease: lease))
            }
            return result
        }
        for item in leased {
            metrics.recordAttempt(kind: item.job.kind)
        }
        return leased
    }

    public func extendLease(_ lease: JobLease, by duration: Duration) async throws -> JobLease {
        let now = self.clock.now()
        let expires = now.adding(duration)
        let changed = try await self.write { db in
            try db.execute(
                sql: """
                    UPDATE queue_jobs SET lease_expires_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'leased' AND lease_token = ?
                    """,
                arguments: [expires.epochMilliseconds, now.epochMilliseconds, lease.jobID.rawValue, lease.token])
            return db.changesCount
        }
        guard changed == 1 else { throw QueueStoreError.leaseLost(lease.jobID) }
        var extended = lease
        extended.expiresAt = Date(epochMilliseconds: expires.epochMilliseconds)
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
        return try await self.write { db in
            let applier = self.applier(db)
            guard let job = try applier.readJob(id), job.state == .queued else { return false }
            try applier.apply(JobTransition.canceled(events: events, now: now), to: job)
            return true
        }
    }

    public func release(_ lease: JobLease) async throws {
        let now = self.clock.now().epochMilliseconds
        let changed = try await self.write { db in
            guard
                let messageID = try String.fetchOne(
                    db,
                    sql: """
                        UPDATE queue_jobs SET state = 'queued', attempts = MAX(attempts - 1, 0), next_attempt_at = ?,
                            lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                        WHERE id = ? AND state = 'leased' AND lease_token = ? RETURNING message_id
                        """,
                    arguments: [now, now, lease.jobID.rawValue, lease.token])
            else { return false }
            try self.applier(db).insertEvent(
                message: MessageID(messageID), job: lease.jobID,
                draft: DeliveryEventDraft(type: .released, detail: "released by \(lease.owner)"), at: now)
            return true
        }
        guard changed else { throw QueueStoreError.leaseLost(lease.jobID) }
    }

    public func recordEvents(
        _ events: [DeliveryEventDraft], message: MessageID, job: JobID?, followUps: [JobSpec]
    ) async throws {
        let date = self.clock.now()
        let now = date.epochMilliseconds
        let newJobs = try JobFactory.make(followUps, for: message, now: date)
        try await self.write { db in
            let applier = self.applier(db)
            guard try applier.messageExists(message) else { throw QueueStoreError.messageNotFound(message) }
            for draft in events {
                try applier.insertEvent(message: message, job: job, draft: draft, at: now)
            }
            for newJob in newJobs {
                try applier.insertJob(newJob)
            }
        }
    }

    // MARK: Operating

    public func retry(job id: JobID) async throws {
        let now = self.clock.now().epochMilliseconds
        try await self.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, message_id FROM queue_jobs WHERE id = ?", arguments: [id.rawValue])
            else { throw QueueStoreError.jobNotFound(id) }
            let state = JobState(rawValue: row[0] as String) ?? .queued
            guard state.isRetryableByOperator else { throw QueueStoreError.notRetryable(id, state: state) }
            try db.execute(
                sql: """
                    UPDATE queue_jobs SET state = 'queued', attempts = 0, cycle_started_at = ?, next_attempt_at = ?,
                        final_reason = NULL, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
                        updated_at = ? WHERE id = ?
                    """,
                arguments: [now, now, now, id.rawValue])
            try self.applier(db).insertEvent(
                message: MessageID(row[1] as String), job: id,
                draft: DeliveryEventDraft(type: .operatorRetry, detail: "was \(state.rawValue)"), at: now)
        }
    }

    public func discard(_ id: MessageID) async throws {
        try await self.write { db in
            // Jobs and events go with the message (ON DELETE CASCADE); chunks have no foreign key.
            try db.execute(sql: "DELETE FROM queue_messages WHERE id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM queue_message_chunks WHERE message_id = ?", arguments: [id.rawValue])
        }
    }

    // MARK: Idempotency keys

    public func claimIdempotencyKey(
        scope: String, key: String, requestHash: String, ttl: Duration, staleAfter: Duration
    ) async throws -> IdempotencyClaim {
        let now = self.clock.now()
        return try await self.write { db in
            try SQLiteIdempotencyKeys(db: db).claim(
                scope: scope, key: key, requestHash: requestHash, ttl: ttl, staleAfter: staleAfter, now: now)
        }
    }

    public func completeIdempotencyKey(scope: String, key: String, status: Int, body: [UInt8]) async throws {
        try await self.write { db in
            try SQLiteIdempotencyKeys(db: db).complete(
                IdempotencyCompletion(scope: scope, key: key, status: status, body: body))
        }
    }

    public func releaseIdempotencyKey(scope: String, key: String) async throws {
        try await self.write { db in
            try SQLiteIdempotencyKeys(db: db).release(scope: scope, key: key)
        }
    }

    // MARK: Gone webhooks

    public func markWebhookGone(_ name: String, reason: String) async throws {
        let now = self.clock.now()
        try await self.write { db in try SQLiteGoneWebhooks(db: db).mark(name, reason: reason, now: now) }
    }

    public func goneWebhook(_ name: String) async throws -> GoneWebhook? {
        try await self.read { db in try SQLiteGoneWebhooks(db: db).find(name).first }
    }

    public func goneWebhooks() async throws -> [GoneWebhook] {
        try await self.read { db in try SQLiteGoneWebhooks(db: db).find(nil) }
    }

    public func clearGoneWebhook(_ name: String) async throws -> Bool {
        try await self.write { db in try SQLiteGoneWebhooks(db: db).clear(name) }
    }

    public func prune() async throws -> PruneResult {
        let now = self.clock.now()
        let retention = self.configuration.retention
        let completedCutoff = now.epochMilliseconds - retention.completed.milliseconds
        let deadCutoff = retention.dead.map { now.epochMilliseconds - $0.milliseconds }
        let abandonedCutoff = now.epochMilliseconds - retention.abandonedUpload.milliseconds
        var messages = 0
        while true {
            let removed = try await self.write { db in
                let ids = try String.fetchAll(
                    db,
                    sql: """
                        SELECT m.id FROM queue_messages m WHERE m.created_at <= ?1 AND NOT EXISTS (
                            SELECT 1 FROM queue_jobs j WHERE j.message_id = m.id AND NOT (
                                (j.state IN ('delivered', 'failed') AND j.finished_at <= ?1)
                                OR (j.state = 'dead' AND ?2 IS NOT NULL AND j.finished_at <= ?2)))
                        LIMIT 500
                        """,
                    arguments: [completedCutoff, deadCutoff])
                for id in ids {
                    try db.execute(sql: "DELETE FROM queue_messages WHERE id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM queue_message_chunks WHERE message_id = ?", arguments: [id])
                }
                return ids.count
            }
            messages += removed
            if removed < 500 { break }
        }
        let abandoned = try await self.write { db in
            try db.execute(
                sql: """
                    DELETE FROM queue_message_chunks WHERE created_at <= ?
                    AND message_id NOT IN (SELECT id FROM queue_messages)
                    """,
                arguments: [abandonedCutoff])
            return db.changesCount
        }
        let keys = try await self.write { db in
            try SQLiteIdempotencyKeys(db: db).prune(now: now)
        }
        return PruneResult(messages: messages, abandonedChunks: abandoned, idempotencyKeys: keys)
    }

    public func close() async throws {
        await self.core.committer.close()
        await self.checkpointer.stop()
        do {
            try self.pool.close()
        } catch {
            throw SQLiteErrorMapper.runtimeError(error, path: self.location)
        }
    }
}
