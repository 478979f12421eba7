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
         .postgres(PostgresSettings(host: "db", port: 5432, username: "mg", password: nil, database: "mailgate", tls: .verifyFull))),
        ("postgres://mg@db.internal/mailgate?sslmode=verify-ca&sslrootcert=/etc/mailgate/db-ca.pem",
         .postgres(PostgresSettings(host: "db.internal", username: "mg", database: "mailgate", tls: .verifyCA,
                                    rootCertificatePath: "/etc/mailgate/db-ca.pem"))),
        ("postgres://mg@db.internal/mailgate?sslmode=allow",
         .postgres(PostgresSettings(host: "db.internal", username: "mg", database: "mailgate", tls: .prefer))),
        ("postgres://mg@[::1]:5433/mailgate",
         .postgres(PostgresSettings(host: "::1", port: 5433, username: "mg", database: "mailgate", tls: .prefer))),
        ("postgres://mg@/mailgate?host=/run/postgresql&connect_timeout=3",
         .postgres(PostgresSettings(host: "127.0.0.1", port: 5432, socketDirectory: "/run/postgresql", username: "mg",
                                    database: "mailgate", tls: .prefer, connectTimeout: .seconds(3)))),
    ])
    func parses(_ text: String, _ expected: StorageURL) throws {
        #expect(try StorageURL(parsing: text) == expected)
    }

    @Test(arguments: [
        "mysql://u@h/db", "sqlite://", "postgres://host/db", "postgres://u@host/", "postgres://u@h/db?sslmode=sometimes",
        "postgres://u:pw@h/db?color=blue", "postgres://u@h/db?sslrootcert=",
    ])
    func rejects(_ text: String) {
        #expect(throws: QueueStoreError.self) { try StorageURL(parsing: text) }
    }

    /// Without `sslmode`, a server off this machine must prove its name; loopback and unix sockets keep `prefer`.
    @Test(arguments: [
        ("postgres://u@db.internal/q", PostgresSettings.TLSMode.verifyFull),
        ("postgres://u@10.0.0.5/q", .verifyFull),
        ("postgres://u@[2001:db8::5]/q", .verifyFull),
        ("postgres://u@localhost.example.com/q", .verifyFull),
        ("postgres://u@128.0.0.1/q", .verifyFull),
        ("postgres://u@localhost/q", .prefer),
        ("postgres://u@127.0.0.1/q", .prefer),
        ("postgres://u@127.1.2.3:6543/q", .prefer),
        ("postgres://u@[::1]/q", .prefer),
        ("postgres://u@/q", .prefer),
        ("postgres://u@/q?host=/run/postgresql", .prefer),
        ("postgres://u@db.internal/q?host=127.0.0.1", .prefer),
        ("postgres://u@localhost/q?host=db.internal", .verifyFull),
        ("postgres://u@db.internal/q?sslmode=disable", .disable),
        ("postgres://u@db.internal/q?sslmode=require", .require),
        ("postgres://u@127.0.0.1/q?sslmode=verify-full", .verifyFull),
    ])
    func defaultTLSModeDependsOnWhereTheServerIs(_ text: String, _ expected: PostgresSettings.TLSMode) throws {
        guard case .postgres(let settings) = try StorageURL(parsing: text) else {
            Issue.record("not a postgres URL")
            return
        }
        #expect(settings.tls == expected)
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
