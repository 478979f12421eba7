import Foundation
import PostgresNIO

/// The idempotency-key rows, inside a PostgreSQL transaction. Concurrent claims of one key meet on the primary
/// key: the first insert wins; the others wait for it, then read the winner's row `FOR UPDATE` and answer from it.
enum PostgresIdempotencyKeys {
    static func claim(
        scope: String, key: String, requestHash: String, ttl: Duration, staleAfter: Duration, now: Date,
        store: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> IdempotencyClaim {
        let claimedAt = now.epochMilliseconds
        let expiresAt = now.adding(ttl).epochMilliseconds
        // The row can vanish between the insert and the read (released or pruned meanwhile): then try again.
        for _ in 0..<3 {
            let inserted = try await connection.query(
                """
                INSERT INTO queue_idempotency_keys
                    (scope, key, request_hash, state, response_status, response_body, created_at, expires_at)
                VALUES (\(scope), \(key), \(requestHash), 'in_flight', NULL, NULL, \(claimedAt), \(expiresAt))
                ON CONFLICT (scope, key) DO NOTHING RETURNING 1
                """,
                logger: logger)
            var claimed = false
            for try await _ in inserted.decode(Int32.self) {
                claimed = true
            }
            if claimed { return .claimed }
            let rows = try await connection.query(
                """
                SELECT request_hash, state, response_status, response_body, created_at, expires_at
                FROM queue_idempotency_keys WHERE scope = \(scope) AND key = \(key) FOR UPDATE
                """,
                logger: logger)
            var existing: IdempotencyRecord?
            for try await (hash, state, status, body, created, expires) in rows.decode(
                (String, String, Int32?, ByteBuffer?, Int64, Int64).self)
            {
                existing = IdempotencyRecord(
                    requestHash: hash, state: IdempotencyKeyState(rawValue: state) ?? .inFlight,
                    status: status.map(Int.init), body: body.map { Array($0.readableBytesView) },
                    claimedAt: Date(epochMilliseconds: created), expiresAt: Date(epochMilliseconds: expires))
            }
            guard let existing else { continue }
            switch IdempotencyVerdict.decide(
                existing: existing, requestHash: requestHash, now: now, staleAfter: staleAfter)
            {
            case .answer(let answer):
                return answer
            case .claim:
                try await connection.query(
                    """
                    UPDATE queue_idempotency_keys SET request_hash = \(requestHash), state = 'in_flight',
                        response_status = NULL, response_body = NULL, created_at = \(claimedAt), expires_at = \(expiresAt)
                    WHERE scope = \(scope) AND key = \(key)
                    """,
                    logger: logger)
                return .claimed
            }
        }
        throw QueueStoreError.database(store: store, reason: "idempotency key \(key) kept changing while claimed")
    }

    /// Marks the keys completed with their responses, in one statement.
    static func complete(
        _ completions: [IdempotencyCompletion], on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !completions.isEmpty else { return }
        let scopes = completions.map(\.scope)
        let keys = completions.map(\.key)
        let statuses = completions.map { Int32(clamping: $0.status) }
        let bodies = completions.map { ByteBuffer(bytes: $0.body) }
        try await connection.query(
            """
            UPDATE queue_idempotency_keys t SET state = 'completed', response_status = u.st, response_body = u.b
            FROM unnest(\(scopes)::text[], \(keys)::text[], \(statuses)::int4[], \(bodies)::bytea[]) AS u(s, k, st, b)
            WHERE t.scope = u.s AND t.key = u.k
            """,
            logger: logger)
    }

    static func release(scope: String, key: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            DELETE FROM queue_idempotency_keys WHERE scope = \(scope) AND key = \(key) AND state = 'in_flight'
            """,
            logger: logger)
    }
}
