import Foundation
import GRDB

/// The gone-webhook rows, inside a SQLite transaction.
struct SQLiteGoneWebhooks {
    let db: Database

    func mark(_ name: String, reason: String, now: Date) throws {
        try db.execute(
            sql: "INSERT INTO queue_gone_webhooks (name, since, reason) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            arguments: [name, now.epochMilliseconds, reason])
    }

    func find(_ name: String?) throws -> [GoneWebhook] {
        let rows =
            if let name {
                try Row.fetchAll(db, sql: "SELECT name, since, reason FROM queue_gone_webhooks WHERE name = ?", arguments: [name])
            } else {
                try Row.fetchAll(db, sql: "SELECT name, since, reason FROM queue_gone_webhooks ORDER BY name")
            }
        return rows.map { GoneWebhook(name: $0[0], since: Date(epochMilliseconds: $0[1]), reason: $0[2]) }
    }

    func clear(_ name: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM queue_gone_webhooks WHERE name = ?", arguments: [name])
        return db.changesCount > 0
    }
}
