import Foundation
import MailgateTestSupport
import Queue
import Testing

/// The queue holds every message body: its files are the owner's only, whatever the umask.
@Suite("SQLite file modes")
struct SQLiteFileModeTests {
    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func aFreshStoreAndItsWALAndSHMAreCreated0600() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        // Under the usual umask (022) SQLite alone would make these 0644.
        let store = try await SQLiteQueueStore.open(path: path)
        try await Fixtures.enqueue(store)
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) exists while the store is open")
            let found = try mode(file)
            #expect(found == 0o600, "\(file) is \(String(found, radix: 8))")
        }
        try await store.close()
        #expect(try mode(path) == 0o600)
    }

    @Test func anExistingStoreKeepsTheModeItsOperatorGaveIt() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        let first = try await SQLiteQueueStore.open(path: path)
        try await first.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let second = try await SQLiteQueueStore.open(path: path)
        try await Fixtures.enqueue(second)
        try await second.close()
        #expect(try mode(path) == 0o640)
    }
}
