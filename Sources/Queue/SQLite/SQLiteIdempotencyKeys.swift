import Foundation
import GRDB

/// The idempotency-key rows, inside a SQLite write transaction (which already serialises concurrent claims).
struct SQLiteIdempotencyKeys {
    let db: Database

    func claim(scope: String, key: String, requestHash: String, ttl: Duration, staleAfter: Duration, now: Date)
        throws -> IdempotencyClaim
    {
        let existing = try Row.fetchOne(
            db,
            sql: """
                SELECT request_hash, state, response_status, response_body, created_at, expires_at
                FROM queue_idempotency_keys WHERE scope = ? AND key = ?
                """,
            arguments: [scope, key]
        ).map { row in
            let body: Data? = row[3]
            return IdempotencyRecord(
                requestHash: row[0], state: IdempotencyKeyState(rawValue: row[1]) ?? .inFlight, status: row[2],
                body: body.map { [UInt8]($0) }, claimedAt: Date(epochMilliseconds: row[4]),
                expiresAt: Date(epochMilliseconds: row[5]))
        }
        switch IdempotencyVerdict.decide(existing: existing, requestHash: requestHash, now: now, staleAfter: staleAfter) {
        case .answer(let answer):
            return answer
        case .claim:
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO queue_idempotency_keys
                        (scope, key, request_hash, state, response_status, response_body, created_at, expires_at)
                    VALUES (?, ?, ?, 'in_flight', NULL, NULL, ?, ?)
                    """,
                arguments: [scope, key, requestHash, now.epochMilliseconds, now.adding(ttl).epochMilliseconds])
            return .claimed
        }
    }

    func complete(_ completion: IdempotencyCompletion) throws {
        try db.execute(
            sql: """
                UPDATE queue_idempotency_keys SET state = 'completed', response_status = ?, response_body = ?
                WHERE scope = ? AND key = ?
                """,
            arguments: [completion.status, Data(completion.body), completion.scope, completion.key])
    }

    func release(scope: String, key: String) throws {
        try db.execute(
            sql: "DELETE FROM queue_idempotency_keys WHERE scope = ? AND key = ? AND state = 'in_flight'",
            arguments: [scope, key])
    }

    func prune(now: Date) throws -> Int {
        try db.execute(
            sql: "DELETE FROM queue_idempotency_keys WHERE expires_at <= ?", arguments: [now.epochMilliseconds])
        return db.changesCount
    }
}
