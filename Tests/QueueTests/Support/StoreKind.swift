import Foundation
import MailgateTestSupport
import Queue
import Testing

/// The implementations the conformance suite runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { self.rawValue }

    /// Both on CI (a missing PostgreSQL then fails the PostgreSQL cases); elsewhere PostgreSQL only if installed.
    static var underTest: [StoreKind] {
        // QUEUE_TEST_STORES=sqlite narrows a local run; CI always runs both.
        let onCI = ProcessInfo.processInfo.environment["CI"] == "true"
        if !onCI, let only = ProcessInfo.processInfo.environment["QUEUE_TEST_STORES"] {
            return only.split(separator: ",").compactMap { StoreKind(rawValue: String($0)) }
        }
        return onCI || TemporaryPostgres.isAvailable ? [.sqlite, .postgres] : [.sqlite]
    }

    /// The URL of a fresh, empty store.
    func makeURL() throws -> String {
        switch self {
        case .sqlite:
            return "sqlite://\(try TemporaryDirectory.make())/queue.db"
        case .postgres:
            let server = try TemporaryPostgres.shared.get()
            return server.url(database: try server.createDatabase())
        }
    }
}
