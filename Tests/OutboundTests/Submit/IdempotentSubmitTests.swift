import Foundation
import MIME
import MailModel
import MailgateTestSupport
import Outbound
import Queue
import Testing

/// The send API's `Idempotency-Key` answer is committed with the message: after the submit returns, a retry
/// finds the key completed (replaying the answer, which names the message that exists); when the answer cannot be
/// made, nothing is committed and the key stays in flight (the middleware then releases it). Against SQLite and, where installed, PostgreSQL.
struct IdempotentSubmitTests {
    enum Store: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        static var underTest: [Store] {
            ProcessInfo.processInfo.environment["CI"] == "true" || TemporaryPostgres.isAvailable ? [.sqlite, .postgres] : [.sqlite]
        }

        func open(in directory: TemporaryDirectory) async throws -> any QueueStore {
            switch self {
            case .sqlite:
                return try await QueueStoreFactory.open(url: "sqlite://\(directory.path)/queue.db")
            case .postgres:
                let server = try TemporaryPostgres.shared.get()
                return try await QueueStoreFactory.open(url: server.url(database: try server.createDatabase()))
            }
        }
    }

    static func submission() -> OutboundSubmission {
        OutboundSubmission(
            draft: MessageDraft(
                from: MailAddress(address: "app@example.com"), to: [MailAddress(address: "user@example.net")],
                subject: "idempotent", text: "once\n", messageID: "idem-1@example.com", date: Date()))
    }

    static func claim(_ store: any QueueStore, _ key: String) async throws -> IdempotencyClaim {
        try await store.claimIdempotencyKey(scope: "app", key: key, requestHash: "h", ttl: .seconds(3600), staleAfter: .seconds(120))
    }

    @Test(arguments: Store.underTest)
    func theAnswerIsCommittedWithTheMessage(_ kind: Store) async throws {
        let directory = try TemporaryDirectory()
        let store = try await kind.open(in: directory)
        #expect(try await Self.claim(store, "send-1") == .claimed)
        let answer = OutboundAnswerRecord<OutboundReceipt>(scope: "app", key: "send-1", status: 202) { receipt in
            Array("{\"id\":\"\(receipt.id.rawValue)\"}".utf8)
        }
        let receipt = try await OutboundSubmitter(store: store).submit(Self.submission(), answer: answer)

        guard case .completed(let status, let body) = try await Self.claim(store, "send-1") else {
            Issue.record("the key is not completed after the submit returned")
            return
        }
        #expect(status == 202)
        #expect(String(decoding: body, as: UTF8.self) == "{\"id\":\"\(receipt.id.rawValue)\"}")
        let stored = try #require(try await store.message(receipt.id))
        #expect(stored.envelope.rcptTo == ["user@example.net"])
        #expect(try await store.jobs(for: receipt.id).map(\.kind) == [.outboundRelay])
        try await store.close()
    }

    @Test(arguments: Store.underTest)
    func anAnswerThatCannotBeRenderedCommitsNothing(_ kind: Store) async throws {
        let directory = try TemporaryDirectory()
        let store = try await kind.open(in: directory)
        #expect(try await Self.claim(store, "send-2") == .claimed)
        struct RenderFailed: Error {}
        let answer = OutboundAnswerRecord<OutboundReceipt>(scope: "app", key: "send-2", status: 202) { _ in throw RenderFailed() }
        await #expect(throws: RenderFailed.self) {
            _ = try await OutboundSubmitter(store: store).submit(Self.submission(), answer: answer)
        }
        #expect(try await Self.claim(store, "send-2") == .inFlight)
        #expect(try await store.statistics().messageCount == 0)
        try await store.close()
    }
}
