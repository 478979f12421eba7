import Queue
import Testing

@Suite("StorageURL")
struct StorageURLTests {
    @Test(arguments: [
        ("sqlite:///var/lib/mailgate/mailgate.db", StorageURL.sqlite(path: "/var/lib/mailgate/mailgate.db")),
        ("sqlite://./mailgate-data/queue.db", .sqlite(path: "./mailgate-data/queue.db")),
        ("sqlite://data/my%20queue.db", .sqlite(path: "data/my queue.db")),
        ("postgres://mg:s3cr%40t@db.internal:6543/mailgate?sslmode=require",
         .postgres(PostgresSettings(host: "db.internal", port: 6543, username: "mg", password: "s3cr@t", database: "mailgate", tls: .require))),
        ("postgresql://mg@db/mailgate",
         .postgres(PostgresSettings(host: "db", port: 5432, username: "mg", password: nil, database: "mailgate", tls: .prefer))),
        ("postgres://mg@/mailgate?host=/run/postgresql&connect_timeout=3",
         .postgres(PostgresSettings(host: "127.0.0.1", port: 5432, socketDirectory: "/run/postgresql", username: "mg",
                                    database: "mailgate", tls: .prefer, connectTimeout: .seconds(3)))),
    ])
    func parses(_ text: String, _ expected: StorageURL) throws {
        #expect(try StorageURL(parsing: text) == expected)
    }

    @Test(arguments: [
        "mysql://u@h/db", "sqlite://", "postgres://host/db", "postgres://u@host/", "postgres://u@h/db?sslmode=sometimes",
        "postgres://u:pw@h/db?color=blue",
    ])
    func rejects(_ text: String) {
        #expect(throws: QueueStoreError.self) { try StorageURL(parsing: text) }
    }

    @Test func errorsNeverShowThePassword() {
        do {
            _ = try StorageURL(parsing: "postgres://u:hunter2@h/db?bogus=1")
            Issue.record("parsed")
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
        let settings = PostgresSettings(username: "u", password: "hunter2", database: "db")
        #expect(!settings.redactedURL.contains("hunter2"))
    }
}
