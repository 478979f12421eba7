import Foundation
import MailgateTestSupport
import Queue
import Testing

/// A damaged, foreign or unusable SQLite file must fail at open with a message naming the file
/// and the problem, and must be left untouched.
@Suite("SQLite open errors")
struct SQLiteOpenErrorTests {
    private func expectOpenFails(path: String, matching check: (QueueStoreError) -> Bool) async throws {
        let before = FileManager.default.contents(atPath: path)
        do {
            let store = try await SQLiteQueueStore.open(path: path)
            try await store.close()
            Issue.record("open of \(path) succeeded")
        } catch let error as QueueStoreError {
            #expect(check(error), "unexpected error: \(error)")
            #expect(error.description.contains(path), "error does not name the file: \(error)")
        }
        #expect(FileManager.default.contents(atPath: path) == before, "the file was modified")
    }

    @Test func garbageFileIsReportedCorrupted() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        try await self.expectOpenFails(path: path) {
            if case .corrupted(_, let reason, _) = $0 { return reason.contains("not a SQLite database") }
            return false
        }
    }

    @Test func truncatedStoreIsReportedCorrupted() async throws {
        let directory = try TemporaryDirectory.make()
        let path = directory + "/queue.db"
        let store = try await SQLiteQueueStore.open(path: path)
        for _ in 0..<50 {
            try await Fixtures.enqueue(store, size: 3000)
        }
        try await store.close()
        let data = try #require(FileManager.default.contents(atPath: path))
        // Keep the header but cut the file mid-way, as a failed copy would.
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        try await self.expectOpenFails(path: path) {
            if case .corrupted = $0 { return true }
            return false
        }
    }

    @Test func missingDirectoryIsReported() async throws {
        let path = try TemporaryDirectory.make() + "/no/such/dir/queue.db"
        try await self.expectOpenFails(path: path) {
            if case .cannotOpen(_, let reason, _) = $0 { return reason.contains("does not exist") }
            return false
        }
    }

    @Test func directoryInsteadOfFileIsReported() async throws {
        let path = try TemporaryDirectory.make()
        try await self.expectOpenFails(path: path) {
            if case .cannotOpen(_, let reason, _) = $0 { return reason.contains("is a directory") }
            return false
        }
    }

    @Test func foreignSQLiteFileIsRefused() async throws {
        let path = try TemporaryDirectory.make() + "/other.db"
        try TemporaryPostgres.run(["/usr/bin/sqlite3", path, "CREATE TABLE customers (id INTEGER PRIMARY KEY)"])
        try await self.expectOpenFails(path: path) {
            if case .foreignStore(_, let reason) = $0 { return reason.contains("customers") }
            return false
        }
    }

    @Test func newerSchemaIsRefused() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        let store = try await SQLiteQueueStore.open(path: path)
        try await store.close()
        try TemporaryPostgres.run([
            "/usr/bin/sqlite3", path, "INSERT INTO queue_schema_migrations VALUES (99, 'from the future', 0)",
        ])
        try await self.expectOpenFails(path: path) {
            $0 == .schemaTooNew(store: path, found: 99, supported: 4)
        }
    }

    @Test func storeIsCreatedWithWALAndFullSync() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        let store = try await SQLiteQueueStore.open(path: path)
        try await Fixtures.enqueue(store)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try await store.close()
        let mode = try TemporaryPostgres.run(["/usr/bin/sqlite3", path, "PRAGMA journal_mode"])
        #expect(mode.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
    }
}
