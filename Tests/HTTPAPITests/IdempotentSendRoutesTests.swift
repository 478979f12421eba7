import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Outbound
import Queue
import Testing

@testable import HTTPAPI

/// `Idempotency-Key` on `POST /v1/messages` over a real SQLite store: the answer is recorded in the message's
/// own commit, so the moment the 202 is sent the key is already completed, and a retry replays that answer
/// without a second message.
@Suite struct IdempotentSendRoutesTests {
    static let body = #"{"from": "app@example.com", "to": ["a@example.net"], "subject": "once", "text": "t"}"#

    static func headers(key: String) -> HTTPFields {
        var fields = TestAPI.bearer(TestAPI.sender.key)
        fields[.contentType] = "application/json"
        fields[IdempotencyMiddleware.keyHeader] = key
        return fields
    }

    /// The send API over a fresh SQLite store that is both the service's and the idempotency keys' store, as
    /// `mailgate serve` wires them.
    static func withStoreAPI(_ body: (TestAPI, any QueueStore) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "mailgate-idem-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await QueueStoreFactory.open(url: "sqlite://\(directory)/queue.db")
        let service = StoreOutboundService(store: store, submitter: OutboundSubmitter(store: store))
        do {
            try await body(TestAPI(outbound: service, idempotencyStore: store), store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test func aRetryReplaysTheAnswerCommittedWithTheMessage() async throws {
        try await Self.withStoreAPI { api, store in
            let (first, second) = try await api.run { client in
                let first = try await client.execute(
                    uri: "/v1/messages", method: .post, headers: Self.headers(key: "k-1"), body: ByteBuffer(string: Self.body))
                let second = try await client.execute(
                    uri: "/v1/messages", method: .post, headers: Self.headers(key: "k-1"), body: ByteBuffer(string: Self.body))
                return (first, second)
            }
            #expect(first.status == .accepted, "\(first.text)")
            #expect(first.headers[IdempotencyMiddleware.replayedHeader] == nil)
            #expect(second.status == .accepted, "\(second.text)")
            #expect(second.headers[IdempotencyMiddleware.replayedHeader] == "true")
            let id = try #require(try first.json["id"] as? String)
            #expect(try second.json["id"] as? String == id)
            #expect(try second.json["message_id"] as? String == first.json["message_id"] as? String)
            #expect(try await store.statistics().messageCount == 1)
            #expect(try await store.message(MessageID(id)) != nil)
        }
    }

    @Test func aRefusedSendLeavesTheKeyFreeForACorrectedRetry() async throws {
        try await Self.withStoreAPI { api, store in
            let refused = #"{"from": "app@example.com", "to": [], "subject": "none", "text": "t"}"#

            let (first, second) = try await api.run { client in
                let first = try await client.execute(
                    uri: "/v1/messages", method: .post, headers: Self.headers(key: "k-2"), body: ByteBuffer(string: refused))
                let second = try await client.execute(
                    uri: "/v1/messages", method: .post, headers: Self.headers(key: "k-2"), body: ByteBuffer(string: Self.body))
                return (first, second)
            }
            #expect(first.status == .unprocessableContent, "\(first.text)")
            #expect(second.status == .accepted, "\(second.text)")
            #expect(second.headers[IdempotencyMiddleware.replayedHeader] == nil)
            #expect(try await store.statistics().messageCount == 1)
        }
    }

    /// 40 copies of one request at once: one runs, the rest are refused as in flight or replay its answer;
    /// one message is stored whatever the interleaving.
    @Test func concurrentDuplicatesMakeOneMessage() async throws {
        try await Self.withStoreAPI { api, store in
            let answers = try await api.run { client in
                try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
                    for _ in 0..<40 {
                        group.addTask {
                            let response = try await client.execute(
                                uri: "/v1/messages", method: .post, headers: Self.headers(key: "k-40"),
                                body: ByteBuffer(string: Self.body))
                            let id = response.status == .accepted ? try response.json["id"] as? String : nil
                            return (Int(response.status.code), id, response.headers[IdempotencyMiddleware.replayedHeader])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(answers.count == 40)
            #expect(answers.allSatisfy { $0.0 == 202 || $0.0 == 409 }, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 == 202 && $0.2 == nil }.count == 1, "exactly one request ran")
            #expect(Set(answers.compactMap(\.1)).count == 1, "every 202 names the one message")
            #expect(try await store.statistics().messageCount == 1)
        }
    }
}
