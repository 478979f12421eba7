import Foundation
/// The PostgreSQL schema, as a list of migrations applied in order at open (under an advisory
/// lock, so replicas starting together migrate once).
enum PostgresSchema {
    /// Key of the advisory lock taken while migrating.
    static let migrationLockKey: Int64 = 0x4D4C_4751_0001

    static let jobColumns = """
        id, message_id, kind, state, recipients, payload, attempts, created_at, cycle_started_at, \
        next_attempt_at, lease_owner, lease_token, lease_expires_at, last_error, final_reason, finished_at, updated_at
        """

    static let qualifiedJobColumns = jobColumns.split(separator: ",")
        .map { "j." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "initial schema",
            statements: [
                """
                CREATE TABLE queue_messages (
                    id TEXT PRIMARY KEY,
                    envelope TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    chunk_count INTEGER NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                // No foreign key: chunks of a large body are written before its message row exists.
                """
                CREATE TABLE queue_message_chunks (
                    message_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    data BYTEA NOT NULL,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (message_id, seq)
                )
                """,
                """
                CREATE TABLE queue_jobs (
                    id TEXT PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    payload BYTEA NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    cycle_started_at BIGINT NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    lease_owner TEXT,
                    lease_token BIGINT NOT NULL DEFAULT 0,
                    lease_expires_at BIGINT,
                    last_error TEXT,
                    final_reason TEXT,
                    finished_at BIGINT,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX queue_jobs_message ON queue_jobs(message_id)",
                "CREATE INDEX queue_jobs_due ON queue_jobs(next_attempt_at) WHERE state = 'queued'",
                "CREATE INDEX queue_jobs_lease ON queue_jobs(lease_expires_at) WHERE state = 'leased'",
                "CREATE INDEX queue_jobs_state ON queue_jobs(state, kind, created_at)",
                """
                CREATE TABLE queue_events (
                    seq BIGSERIAL PRIMARY KEY,
                    message_id TEXT NOT NULL REFERENCES queue_messages(id) ON DELETE CASCADE,
                    job_id TEXT,
                    recipient TEXT,
                    type TEXT NOT NULL,
                    detail TEXT,
                    at BIGINT NOT NULL
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
                    response_body BYTEA,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
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
                    name TEXT PRIMARY KEY,
                    since BIGINT NOT NULL,
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
