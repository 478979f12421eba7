import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Opens a PostgreSQL queue: probes the server with one direct connection (so the real reason of a failure
/// is reported), starts the connection pool, and migrates the schema under an advisory lock.
enum PostgresOpener {
    /// The running client and the task that runs it (cancel the task to close the pool).
    static func open(
        settings: PostgresSettings, configuration: QueueConfiguration, now: Date, logger: Logger
    ) async throws -> (client: PostgresClient, runTask: Task<Void, Never>) {
        let location = settings.redactedURL
        var clientConfiguration: PostgresClient.Configuration
        if let directory = settings.socketDirectory {
            clientConfiguration = PostgresClient.Configuration(
                unixSocketPath: "\(directory)/.s.PGSQL.\(settings.port)", username: settings.username,
                password: settings.password, database: settings.database)
        } else {
            let policy = PostgresTLSPolicy(settings: settings)
            let tls: PostgresClient.Configuration.TLS =
                switch policy.use {
                case .never: .disable
                case .ifOffered: .prefer(policy.clientConfiguration)
                case .always: .require(policy.clientConfiguration)
                }
            clientConfiguration = PostgresClient.Configuration(
                host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                database: settings.database, tls: tls)
        }
        clientConfiguration.options.maximumConnections = configuration.maximumConnections
        clientConfiguration.options.connectTimeout = settings.connectTimeout
        // The pool retries failed connections quietly; one direct connection first surfaces the
        // real reason (refused, bad password, unknown database) at open.
        try await Self.probe(settings: settings, location: location, logger: logger)
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        do {
            try await Self.withTimeout(settings.connectTimeout, store: location) {
                try await client.query("SELECT 1", logger: logger)
            }
            try await Self.migrate(client: client, location: location, now: now, logger: logger)
        } catch {
            runTask.cancel()
            if let error = PostgresErrorMapper.unwrap(error) as? QueueStoreError {
                throw error
            }
            throw QueueStoreError.cannotOpen(
                store: location, reason: PostgresErrorMapper.explain(error),
                underlying: QueueStoreErrorCause(PostgresErrorMapper.unwrap(error)))
        }
        let policy = PostgresTLSPolicy(settings: settings)
        logger.info(
            "opened the PostgreSQL queue",
            metadata: ["store": "\(location)", "sslmode": "\(settings.socketDirectory == nil ? settings.tls.rawValue : "unix socket")"])
        if settings.socketDirectory == nil, policy.check == .none, !PostgresSettings.isLoopback(settings.host) {
            logger.warning(
                "the PostgreSQL server's certificate is not verified: anyone on the network path can read and change the queue (use sslmode=verify-full)",
                metadata: ["store": "\(location)", "sslmode": "\(settings.tls.rawValue)"])
        }
        return (client, runTask)
    }

    private static func probe(settings: PostgresSettings, location: String, logger: Logger) async throws {
        var configuration: PostgresConnection.Configuration
        do {
            if let directory = settings.socketDirectory {
                configuration = PostgresConnection.Configuration(
                    unixSocketPath: "\(directory)/.s.PGSQL.\(settings.port)", username: settings.username,
                    password: settings.password, database: settings.database)
            } else {
                let policy = PostgresTLSPolicy(settings: settings)
                let context: NIOSSLContext?
                do {
                    context = policy.use == .never ? nil : try NIOSSLContext(configuration: policy.clientConfiguration)
                } catch {
                    throw QueueStoreError.cannotOpen(
                        store: location,
                        reason: "cannot load the CA file (sslrootcert) \(policy.rootCertificatePath ?? "system trust store"): \(error)",
                        underlying: QueueStoreErrorCause(error))
                }
                let tls: PostgresConnection.Configuration.TLS =
                    switch (policy.use, context) {
                    case (.ifOffered, let context?): .prefer(context)
                    case (.always, let context?): .require(context)
                    default: .disable
                    }
                configuration = PostgresConnection.Configuration(
                    host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                    database: settings.database, tls: tls)
            }
            configuration.options.connectTimeout = .milliseconds(settings.connectTimeout.milliseconds)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as QueueStoreError {
            throw error
        } catch {
            throw QueueStoreError.cannotOpen(
                store: location, reason: PostgresErrorMapper.explain(
                    error, tls: PostgresTLSPolicy(settings: settings), mode: settings.tls),
                underlying: QueueStoreErrorCause(PostgresErrorMapper.unwrap(error)))
        }
    }

    private static func withTimeout(
        _ timeout: Duration, store: String, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            guard finished else {
                throw QueueStoreError.unavailable(store: store, reason: "no connection within \(timeout)")
            }
        }
    }

    private static func migrate(client: PostgresClient, location: String, now: Date, logger: Logger) async throws {
        let supported = PostgresSchema.migrations.map(\.version).max() ?? 0
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS queue_schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """,
                logger: logger)
            var applied = Set<Int>()
            for try await version in try await connection.query(
                "SELECT version FROM queue_schema_migrations", logger: logger
            ).decode(Int32.self) {
                applied.insert(Int(version))
            }
            if let newest = applied.max(), newest > supported {
                throw QueueStoreError.schemaTooNew(store: location, found: newest, supported: supported)
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    """
                    INSERT INTO queue_schema_migrations (version, name, applied_at)
                    VALUES (\(Int32(migration.version)), \(migration.name), \(now.epochMilliseconds))
                    """,
                    logger: logger)
                logger.info(
                    "applied queue schema migration",
                    metadata: ["store": "\(location)", "version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
    }
}
