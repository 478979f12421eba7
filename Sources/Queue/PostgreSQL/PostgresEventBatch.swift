import PostgresNIO

/// History rows collected during a transaction and inserted with one statement.
struct PostgresEventBatch {
    private var messageIDs: [String] = []
    private var jobIDs: [String] = []
    private var recipients: [String] = []
    private var types: [String] = []
    private var details: [String] = []
    private var times: [Int64] = []

    var isEmpty: Bool { self.messageIDs.isEmpty }

    mutating func append(message: MessageID, job: JobID?, draft: DeliveryEventDraft, at: Int64) {
        self.messageIDs.append(message.rawValue)
        // Arrays cannot carry NULLs through the binary protocol here; '' stands for NULL (see NULLIF).
        self.jobIDs.append(job?.rawValue ?? "")
        self.recipients.append(draft.recipient ?? "")
        self.types.append(draft.type.rawValue)
        self.details.append(draft.detail ?? "")
        self.times.append(at)
    }

    func insert(on connection: PostgresConnection, logger: Logger) async throws {
        guard !self.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO queue_events (message_id, job_id, recipient, type, detail, at)
            SELECT m, NULLIF(j, ''), NULLIF(r, ''), t, NULLIF(d, ''), a
            FROM unnest(\(self.messageIDs)::text[], \(self.jobIDs)::text[], \(self.recipients)::text[],
                        \(self.types)::text[], \(self.details)::text[], \(self.times)::int8[]) AS u(m, j, r, t, d, a)
            """,
            logger: logger)
    }
}
