import Foundation
import PostgresNIO

/// Reads `Job`s from rows selected with `PostgresSchema.jobColumns`.
enum PostgresJobDecoder {
    static func decode(_ row: PostgresRow) throws -> (job: Job, leaseToken: Int64) {
        let (id, messageID, kind, state, recipients, payload, attempts, createdAt, cycleStartedAt) =
            try row.decode((String, String, String, String, String, ByteBuffer, Int32, Int64, Int64).self)
        let random = row.makeRandomAccess()
        let nextAttemptAt = try random[9].decode(Int64.self)
        let leaseOwner = try random[10].decode(String?.self)
        let leaseToken = try random[11].decode(Int64.self)
        let leaseExpiresAt = try random[12].decode(Int64?.self)
        let lastError = try random[13].decode(String?.self)
        let finalReason = try random[14].decode(String?.self)
        let finishedAt = try random[15].decode(Int64?.self)
        let updatedAt = try random[16].decode(Int64.self)
        let job = Job(
            id: JobID(id),
            messageID: MessageID(messageID),
            kind: JobKind(rawValue: kind),
            state: JobState(rawValue: state) ?? .queued,
            recipients: try StoreJSON.decode([String].self, from: recipients),
            payload: Array(payload.readableBytesView),
            attempts: Int(attempts),
            createdAt: Date(epochMilliseconds: createdAt),
            cycleStartedAt: Date(epochMilliseconds: cycleStartedAt),
            nextAttemptAt: Date(epochMilliseconds: nextAttemptAt),
            leaseOwner: leaseOwner,
            leaseExpiresAt: leaseExpiresAt.map(Date.init(epochMilliseconds:)),
            lastError: lastError,
            finalReason: finalReason,
            finishedAt: finishedAt.map(Date.init(epochMilliseconds:)),
            updatedAt: Date(epochMilliseconds: updatedAt))
        return (job, leaseToken)
    }
}
