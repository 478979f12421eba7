import Foundation
import GRDB
import Logging

/// Copies the WAL back into the database file from its own connection, off the commit path.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, so every few
/// dozen group commits one of them would stall for the whole copy and its fsync. A PASSIVE
/// checkpoint runs alongside the writer instead. The writer keeps a high automatic threshold as a
/// safety net should this task fall behind.
final class SQLiteCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let task: Task<Void, Never>

    init(path: String, interval: Duration, logger: Logger) throws {
        var configuration = Configuration()
        configuration.label = "mailgate.queue.checkpointer"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        self.connection = connection
        self.task = Task {
            while !Task.isCancelled {
                do {
                    try await connection.writeWithoutTransaction { db in
                        _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("WAL checkpoint failed", metadata: ["store": "\(path)", "error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() async {
        self.task.cancel()
        await self.task.value
        try? self.connection.close()
    }
}
