import Foundation
import MailgateTestSupport
import Queue
import Testing

@Suite("PostgreSQL open errors", .enabled(if: StoreKind.underTest.contains(.postgres)))
struct PostgresOpenErrorTests {
    @Test func wrongPasswordIsReportedWithoutLeakingIt() async throws {
        let server = try TemporaryPostgres.shared.get()
        let url = "postgres://\(server.user):wrong-password@127.0.0.1:\(server.port)/postgres?sslmode=disable"
        do {
            let store = try await QueueStoreFactory.open(url: url)
            try await store.close()
            Issue.record("open succeeded with a wrong password")
        } catch let error as QueueStoreError {
            guard case .cannotOpen(let store, let reason, let cause) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(store.contains("127.0.0.1:\(server.port)"))
            #expect(!error.description.contains("wrong-password"))
            #expect(reason.contains("password authentication failed"), "\(reason)")
            // The server's error is kept typed for callers (this target does not import PostgresNIO: by name).
            let underlying = try #require(error.underlying)
            #expect(String(describing: type(of: underlying)) == "PSQLError")
            #expect(cause?.error.localizedDescription == underlying.localizedDescription)
        }
    }

    @Test func unreachableServerFailsWithinTheTimeout() async throws {
        let port = try LoopbackPort.free()
        let url = "postgres://u:p@127.0.0.1:\(port)/db?sslmode=disable&connect_timeout=3"
        let started = ContinuousClock.now
        await #expect(throws: QueueStoreError.self) {
            let store = try await QueueStoreFactory.open(url: url)
            try await store.close()
        }
        // connect_timeout is 3 s; the bound only has to tell "gave up" from "hung on a default timeout" on a
        // loaded CI machine.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func newerSchemaIsRefused() async throws {
        let server = try TemporaryPostgres.shared.get()
        let database = try server.createDatabase()
        let store = try await QueueStoreFactory.open(url: server.url(database: database))
        try await store.close()
        _ = try server.psql("INSERT INTO queue_schema_migrations VALUES (42, 'future', 0)", database: database)
        do {
            let reopened = try await QueueStoreFactory.open(url: server.url(database: database))
            try await reopened.close()
            Issue.record("open succeeded against a newer schema")
        } catch let error as QueueStoreError {
            guard case .schemaTooNew(_, 42, 4) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }
}
