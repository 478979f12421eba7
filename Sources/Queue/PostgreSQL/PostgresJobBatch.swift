import NIOCore
import PostgresNIO

/// Job rows collected during a transaction and inserted with one statement.
struct PostgresJobBatch {
    private var ids: [String] = []
    private var messageIDs: [String] = []
    private var kinds: [String] = []
    private var recipients: [String] = []
    private var payloads: [ByteBuffer] = []
    private var createdAt: [Int64] = []
    private var nextAttemptAt: [Int64] = []

    mutating func append(_ job: NewJob) {
        self.ids.append(job.id.rawValue)
        self.messageIDs.append(job.messageID.rawValue)
        self.kinds.append(job.kind.rawValue)
        self.recipients.append(job.recipientsJSON)
        self.payloads.append(ByteBuffer(bytes: job.payload))
        self.createdAt.append(job.createdAt)
        self.nextAttemptAt.append(job.nextAttemptAt)
    }

    func insert(on connection: PostgresConnection, logger: Logger) async throws {
        guard !self.ids.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO queue_jobs (id, message_id, kind, state, recipients, payload, attempts, created_at,
                cycle_started_at, next_attempt_at, lease_token, updated_at)
            SELECT i, m, k, 'queued', r, p, 0, c, c, n, 0, c
            FROM unnest(\(self.ids)::text[], \(self.messageIDs)::text[], \(self.kinds)::text[],
                        \(self.recipients)::text[], \(self.payloads)::bytea[], \(self.createdAt)::int8[],
                        \(self.nextAttemptAt)::int8[]) AS u(i, m, k, r, p, c, n)
            """,
            logger: logger)
    }
}
