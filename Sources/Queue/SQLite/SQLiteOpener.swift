import Foundation
import GRDB
import Logging

/// Opens a SQLite queue file and proves it is usable before the store accepts anything:
/// the directory and file are checked, WAL and synchronous commits are enforced, the content is
/// verified to be a Mailgate queue (optionally `quick_check`ed), and migrations are applied.
/// Every failure names the file and says what is wrong; nothing is ever recreated or reset.
enum SQLiteOpener {
    static func open(path: String, configuration: QueueConfiguration, clock: any WallClock, logger: Logger) throws
        -> DatabasePool
    {
        try self.checkFileSystem(path: path)
        try self.createPrivately(path: path)
        // Inspect an existing file read-only first: opening it read-write switches it to WAL, which
        // would modify a file that is not ours.
        try self.inspectExistingFile(path: path)
        var grdb = Configuration()
        grdb.label = "mailgate.queue"
        grdb.busyMode = .timeout(10)
        grdb.maximumReaderCount = 4
        grdb.foreignKeysEnabled = true
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: grdb)
        } catch {
            throw SQLiteErrorMapper.openError(error, path: path)
        }
        do {
            try pool.writeWithoutTransaction { db in
                // GRDB picks NORMAL for WAL, which may lose the last commits on power loss; a mail
                // queue acknowledges a message only once it is on disk.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // Checkpoints normally run off the commit path (SQLiteCheckpointer); this is the fallback.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
                let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous")
                guard synchronous == 2 else {
                    throw QueueStoreError.cannotOpen(store: path, reason: "could not enable synchronous=FULL")
                }
                let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode")
                guard journal?.lowercased() == "wal" else {
                    throw QueueStoreError.cannotOpen(
                        store: path, reason: "could not enable WAL journal mode (journal_mode=\(journal ?? "?"))")
                }
                if configuration.verifyIntegrityAtOpen {
                    let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(5)")
                    if problems != ["ok"] {
                        throw QueueStoreError.corrupted(store: path, reason: problems.joined(separator: "; "))
                    }
                }
                try self.checkIdentity(db, path: path)
                try self.migrate(db, path: path, now: clock.now(), logger: logger)
            }
        } catch let error as QueueStoreError {
            throw error
        } catch {
            throw SQLiteErrorMapper.openError(error, path: path)
        }
        return pool
    }

    private static func checkFileSystem(path: String) throws {
        guard !path.isEmpty else {
            throw QueueStoreError.cannotOpen(store: "(empty path)", reason: "no database file given")
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw QueueStoreError.cannotOpen(store: path, reason: "directory \(directory) does not exist")
        }
        guard isDirectory.boolValue else {
            throw QueueStoreError.cannotOpen(store: path, reason: "\(directory) is not a directory")
        }
        // WAL needs to create `-wal` and `-shm` files next to the database.
        guard access(directory, W_OK | X_OK) == 0 else {
            throw QueueStoreError.cannotOpen(
                store: path, reason: "directory \(directory) is not writable (\(String(cString: strerror(errno))))")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw QueueStoreError.cannotOpen(store: path, reason: "path is a directory, not a database file")
            }
            guard access(path, R_OK | W_OK) == 0 else {
                throw QueueStoreError.cannotOpen(
                    store: path, reason: "file is not readable and writable (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// A new queue file is created empty with mode 0600 before SQLite opens it: SQLite would create it 0644 (less
    /// the umask), and it gives the `-wal` and `-shm` files the database file's mode, so they are 0600 too. The
    /// queue holds every message body; an existing file keeps the mode its operator gave it.
    private static func createPrivately(path: String) throws {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw QueueStoreError.cannotOpen(
                store: path, reason: "cannot create the database file (\(String(cString: strerror(errno))))")
        }
        // The umask may have narrowed the mode further; 0600 is what the owner needs to use it.
        _ = fchmod(descriptor, 0o600)
        close(descriptor)
    }

    private static func inspectExistingFile(path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 else {
            return
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw QueueStoreError.cannotOpen(store: path, reason: "file is not readable")
        }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        guard header.count == 100, header.prefix(16) == Data("SQLite format 3\u{0}".utf8) else {
            throw QueueStoreError.corrupted(store: path, reason: "file is not a SQLite database (bad header)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in
                // Read through the connection, not the file header: a recent change may still be in the WAL.
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID != 0 && applicationID != SQLiteSchema.applicationID {
                    throw QueueStoreError.foreignStore(
                        store: path,
                        reason: "SQLite application_id is \(applicationID), expected \(SQLiteSchema.applicationID)")
                }
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if applicationID == 0 && !tables.isEmpty {
                    throw QueueStoreError.foreignStore(
                        store: path,
                        reason: "the file has tables (\(tables.prefix(5).joined(separator: ", "))) but no Mailgate marker")
                }
                if tables.contains("queue_schema_migrations") {
                    let newest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM queue_schema_migrations") ?? 0
                    let supported = SQLiteSchema.migrations.map(\.version).max() ?? 0
                    if newest > supported {
                        throw QueueStoreError.schemaTooNew(store: path, found: newest, supported: supported)
                    }
                }
            }
            try queue.close()
        } catch {
            throw SQLiteErrorMapper.openError(error, path: path)
        }
    }

    private static func checkIdentity(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if applicationID == SQLiteSchema.applicationID {
            return
        }
        if applicationID != 0 {
            throw QueueStoreError.foreignStore(
                store: path, reason: "SQLite application_id is \(applicationID), expected \(SQLiteSchema.applicationID)")
        }
        guard tables.isEmpty else {
            throw QueueStoreError.foreignStore(
                store: path, reason: "the file has tables (\(tables.prefix(5).joined(separator: ", "))) but no Mailgate marker")
        }
        try db.execute(sql: "PRAGMA application_id = \(SQLiteSchema.applicationID)")
    }

    private static func migrate(_ db: Database, path: String, now: Date, logger: Logger) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS queue_schema_migrations (
                    version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)
                """)
        let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM queue_schema_migrations"))
        let supported = SQLiteSchema.migrations.map(\.version).max() ?? 0
        if let newest = applied.max(), newest > supported {
            throw QueueStoreError.schemaTooNew(store: path, found: newest, supported: supported)
        }
        for migration in SQLiteSchema.migrations where !applied.contains(migration.version) {
            try db.inTransaction(.immediate) {
                for statement in migration.statements {
                    try db.execute(sql: statement)
                }
                try db.execute(
                    sql: "INSERT INTO queue_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.version, migration.name, now.epochMilliseconds])
                return .commit
            }
            logger.info(
                "applied queue schema migration",
                metadata: ["store": "\(path)", "version": "\(migration.version)", "name": "\(migration.name)"])
        }
    }
}
