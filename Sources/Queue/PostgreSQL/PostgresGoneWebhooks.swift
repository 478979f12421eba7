import Foundation
import PostgresNIO

/// The gone-webhook rows, on one PostgreSQL connection. Replicas meet on the primary key: the first 410 wins.
enum PostgresGoneWebhooks {
    static func mark(_ name: String, reason: String, now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO queue_gone_webhooks (name, since, reason) VALUES (\(name), \(now.epochMilliseconds), \(reason))
            ON CONFLICT (name) DO NOTHING
            """,
            logger: logger)
    }

    static func find(_ name: String?, on connection: PostgresConnection, logger: Logger) async throws -> [GoneWebhook] {
        let rows =
            if let name {
                try await connection.query(
                    "SELECT name, since, reason FROM queue_gone_webhooks WHERE name = \(name)", logger: logger)
            } else {
                try await connection.query("SELECT name, since, reason FROM queue_gone_webhooks ORDER BY name", logger: logger)
            }
        var result: [GoneWebhook] = []
        for try await (name, since, reason) in rows.decode((String, Int64, String).self) {
            result.append(GoneWebhook(name: name, since: Date(epochMilliseconds: since), reason: reason))
        }
        return result
    }

    static func clear(_ name: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "DELETE FROM queue_gone_webhooks WHERE name = \(name) RETURNING 1", logger: logger)
        var removed = false
        for try await _ in rows.decode(Int32.self) { removed = true }
        return removed
    }
}
