import Foundation
import GRDB

/// Reads `Job`s from rows selected with `SQLiteSchema.jobColumns`.
enum SQLiteJobDecoder {
    static func job(from row: Row) throws -> Job {
        let leaseExpires: Int64? = row[12]
        let finished: Int64? = row[15]
        let payload: Data = row[5]
        return Job(
            id: JobID(row[0] as String),
            messageID: MessageID(row[1] as String),
            kind: JobKind(rawValue: row[2] as String),
            state: JobState(rawValue: row[3] as String) ?? .queued,
            recipients: try StoreJSON.decode([String].self, from: row[4] as String),
            payload: [UInt8](payload),
            attempts: row[6],
            createdAt: Date(epochMilliseconds: row[7]),
            cycleStartedAt: Date(epochMilliseconds: row[8]),
            nextAttemptAt: Date(epochMilliseconds: row[9]),
            leaseOwner: row[10],
            leaseExpiresAt: leaseExpires.map(Date.init(epochMilliseconds:)),
            lastError: row[13],
            finalReason: row[14],
            finishedAt: finished.map(Date.init(epochMilliseconds:)),
            updatedAt: Date(epochMilliseconds: row[16])
        )
    }

    static func leaseToken(from row: Row) -> Int64 {
        row[11]
    }
}
