/// The SQLite schema, as a list of migrations applied in order at open.
enum SQLiteSchema {
    /// `PRAGMA application_id` of a Mailgate queue file ("MLGQ"): tells our file apart from any other SQLite file.
    static let applicationID: Int32 = 0x4D4C_4751

    static let jobColumns = """
        id, message_id, kind, state, recipients, payload, attempts, created_at, cycle_started_at, \
        next_attempt_at, lease_owner, lease_token, lease_expires_at, last_error, final_reason, finished_at, updated_at
        """

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "initial schema",
            statements: [
                """
                CREATE TABLE queue_messages (
                    id TEXT PRIMARY KEY NOT NULL,
                    envelope TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    chunk_count INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                )
                """,
                // No foreign key: chunks of a large body are written before its message row exists.
                """
                CREATE TABLE queue_message_chunks (
                    message_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (message_id, seq)
                )
                """,
                """
                CREATE TABLE queue_jobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    message_id TEXT NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    cycle_started_at INTEGER NOT NULL,
                    next_attempt_at INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_token INTEGER NOT NULL DEFAULT 0,
                    lease_expires_at INTEGER,
                    last_error TEXT,
                    final_reason TEXT,
                    finished_at INTEGER,
                    updated_at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX queue_jobs_message ON queue_jobs(message_id)",
                "CREATE INDEX queue_jobs_due ON queue_jobs(next_attempt_at) WHERE state = 'queued'",
                "CREATE INDEX queue_jobs_lease ON queue_jobs(lease_expires_at) WHERE state = 'leased'",
                "CREATE INDEX queue_jobs_state ON queue_jobs(state, kind, created_at)",
                """
                CREATE TABLE queue_events (
                    seq INTEGER PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
                    job_id TEXT,
                    recipient TEXT,
                    type TEXT NOT NULL,
                    detail TEXT,
                    at INTEGER NOT NULL
                )
                """,
                "CREATE INDEX queue_events_message ON queue_events(message_id, seq)",
            ]
        ),
        Migration(
            version: 2,
            name: "idempotency keys",
            statements: [
                """
                CREATE TABLE queue_idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    state TEXT NOT NULL,
                    response_status INTEGER,
                    response_body BLOB,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                )
                """,
                "CREATE INDEX queue_idempotency_keys_expiry ON queue_idempotency_keys(expires_at)",
            ]
        ),
        Migration(
            version: 3,
            name: "gone webhooks",
            statements: [
                """
                CREATE TABLE queue_gone_webhooks (
                    name TEXT PRIMARY KEY NOT NULL,
                    since INTEGER NOT NULL,
                    reason TEXT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 4,
            name: "due jobs by kind",
            statements: [
                // The workers lease by kind: without this index the lease query picked queue_jobs_state
                // (state, kind) and sorted every queued job of the kind on each lease, so leasing slowed as the
                // queue grew (seen at 58,000 queued relay jobs). With it, due jobs come in order from the index.
                "CREATE INDEX queue_jobs_due_kind ON queue_jobs(kind, next_attempt_at) WHERE state = 'queued'",
            ]
        ),
    ]
}
