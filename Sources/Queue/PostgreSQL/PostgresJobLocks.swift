import Foundation
import PostgresNIO

/// Reads jobs `FOR UPDATE` with what a `JobTransition` is decided from: the read half of the queue core's
/// read-decide-apply cycle.
enum PostgresJobLocks {
    private static let columns = "id, message_id, kind, state, lease_token, attempts, cycle_started_at, lease_owner"

    /// The jobs still held by these leases (state `leased`, same token), by id.
    static func held(
        by leases: [JobLease], on connection: PostgresConnection, logger: Logger
    ) async throws -> [JobID: LockedJob] {
        guard !leases.isEmpty else { return [:] }
        let ids = leases.map(\.jobID.rawValue)
        let tokens = leases.map(\.token)
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM queue_jobs
            WHERE (id, lease_token) IN (SELECT * FROM unnest(\(ids)::text[], \(tokens)::int8[]))
              AND state = 'leased'
            ORDER BY id FOR UPDATE
            """,
            logger: logger)
        var result: [JobID: LockedJob] = [:]
        for job in try await Self.decode(rows) {
            result[job.id] = job
        }
        return result
    }

    /// Leased jobs whose lease ran out by `now`, oldest expiry first; rows another replica holds are skipped.
    static func expired(
        now: Int64, kinds: [String], limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [LockedJob] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns) FROM queue_jobs
            WHERE state = 'leased' AND lease_expires_at <= \(now)
              AND (cardinality(\(kinds)::text[]) = 0 OR kind = ANY(\(kinds)::text[]))
            ORDER BY lease_expires_at LIMIT \(Int64(limit)) FOR UPDATE SKIP LOCKED
            """,
            logger: logger)
        return try await Self.decode(rows)
    }

    /// The job, whatever its state, or `nil` if there is none.
    static func job(_ id: JobID, on connection: PostgresConnection, logger: Logger) async throws -> LockedJob? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.columns) FROM queue_jobs WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
        return try await Self.decode(rows).first
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [LockedJob] {
        var result: [LockedJob] = []
        for try await (id, message, kind, state, token, attempts, cycleStartedAt, owner) in rows.decode(
            (String, String, String, String, Int64, Int32, Int64, String?).self)
        {
            result.append(
                LockedJob(
                    id: JobID(id), messageID: MessageID(message), kind: JobKind(rawValue: kind),
                    state: JobState(rawValue: state) ?? .queued, leaseToken: token, attempts: Int(attempts),
                    cycleStartedAt: Date(epochMilliseconds: cycleStartedAt), leaseOwner: owner))
        }
        return result
    }
}
