import Foundation
import MailgateTestSupport
import Testing

@testable import Queue

/// The lease query's plan on a real store, as SQLite plans it without statistics (Mailgate never runs ANALYZE):
/// the due jobs of one kind come in order from `queue_jobs_due_kind`, never by sorting every queued job of the
/// kind, which made leasing slow down as a backlog grew (BENCHMARKS.md, relay end to end).
@Suite("SQLite lease plan")
struct SQLiteLeasePlanTests {
    private func plan(_ path: String, kinds: [String]) throws -> String {
        // The store's own SQL with its placeholders filled in: EXPLAIN QUERY PLAN takes literals here.
        var sql = SQLiteQueueStore.dueJobsSQL(kinds: kinds.count)
        for value in ["1700000000000"] + kinds.map { "'\($0)'" } + ["64"] {
            guard let mark = sql.range(of: "?") else { break }
            sql.replaceSubrange(mark, with: value)
        }
        return try TemporaryPostgres.run(["/usr/bin/sqlite3", path, "EXPLAIN QUERY PLAN " + sql])
    }

    @Test func dueJobsOfOneKindAreReadInOrderFromTheIndex() async throws {
        let path = try TemporaryDirectory.make() + "/queue.db"
        let store = try await SQLiteQueueStore.open(path: path)
        try await Fixtures.enqueue(store)
        try await store.close()
        let one = try plan(path, kinds: ["outbound.relay"])
        #expect(one.contains("queue_jobs_due_kind") && !one.contains("TEMP B-TREE"), "\(one)")
        // Several kinds sort only the due rows of those kinds, found through the same index.
        let two = try plan(path, kinds: ["inbound.deliver", "outbound.relay"])
        #expect(two.contains("queue_jobs_due_kind"), "\(two)")
    }
}
