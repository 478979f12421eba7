import Foundation
import NIOCore
import Queue
import Testing

/// Several messages committed in one transaction (a batch send's accepted items), run against every store
/// implementation: all of them durable with the idempotency key completed, or none of them.
@Suite("Conformance: batch commits")
struct BatchCommitConformanceTests {
    static func claim(_ store: any QueueStore, _ key: String) async throws -> IdempotencyClaim {
        try await store.claimIdempotencyKey(
            scope: "app", key: key, requestHash: "h", ttl: .seconds(3600), staleAfter: .seconds(300))
    }

    /// A writer with `bytes` appended, ready for a batch commit.
    static func staged(_ store: any QueueStore, _ bytes: [UInt8], id: MessageID? = nil) async throws -> MessageCommit {
        let writer = store.makeMessageWriter(id: id)
        try await writer.append(contentsOf: bytes)
        return MessageCommit(
            writer: writer, envelope: Fixtures.envelope(size: bytes.count), metadata: ["n": "\(bytes.count)"],
            jobs: [JobSpec(kind: .outboundRelay, recipients: ["a@example.com"])])
    }

    @Test(arguments: StoreKind.underTest)
    func everyMessageAndTheKeyAreCommittedTogether(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.chunkSize = 64 * 1024
        try await withStore(kind, configuration: configuration) { store, _ in
            #expect(try await Self.claim(store, "batch-1") == .claimed)
            // One body larger than a chunk, so a spilled chunk is part of the batch too.
            let bodies = [Fixtures.body(size: 10), Fixtures.body(size: 200 * 1024, seed: 3), Fixtures.body(size: 7, seed: 5)]
            var messages: [MessageCommit] = []
            for body in bodies { messages.append(try await Self.staged(store, body)) }
            let answer = IdempotencyCompletion(scope: "app", key: "batch-1", status: 200, body: Array("{}".utf8))
            let committed = try await store.commit(messages, idempotency: answer)

            #expect(committed.map(\.id) == messages.map(\.writer.id))
            #expect(committed.map(\.size) == bodies.map(\.count))
            for (message, body) in zip(committed, bodies) {
                let stored = try #require(try await store.messageBody(message.id))
                #expect(Array(try await stored.collect(upTo: 1 << 20).readableBytesView) == body)
                #expect(try await store.jobs(for: message.id).map(\.kind) == [.outboundRelay])
                #expect(try await store.message(message.id)?.metadata == ["n": "\(body.count)"])
            }
            #expect(try await Self.claim(store, "batch-1") == .completed(status: 200, body: Array("{}".utf8)))
        }
    }

    /// One message of the batch cannot be inserted (its id exists): the others are not committed either, and the
    /// key stays in flight for the caller to release.
    @Test(arguments: StoreKind.underTest)
    func oneFailingMessageCommitsNoneOfTheBatch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let existing = try await Fixtures.enqueue(store)
            #expect(try await Self.claim(store, "batch-2") == .claimed)
            let messages = [
                try await Self.staged(store, [1, 2, 3]),
                try await Self.staged(store, [4], id: existing.id),
                try await Self.staged(store, [5, 6]),
            ]
            await #expect(throws: QueueStoreError.self) {
                _ = try await store.commit(
                    messages, idempotency: IdempotencyCompletion(scope: "app", key: "batch-2", status: 200, body: [1]))
            }
            #expect(try await store.statistics().messageCount == 1)
            #expect(try await store.message(messages[0].writer.id) == nil)
            #expect(try await store.message(messages[2].writer.id) == nil)
            #expect(try await Self.claim(store, "batch-2") == .inFlight)
        }
    }

    /// A batch whose every item was refused still records its answer.
    @Test(arguments: StoreKind.underTest)
    func anEmptyBatchCompletesOnlyTheKey(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            #expect(try await Self.claim(store, "batch-3") == .claimed)
            let committed = try await store.commit(
                [], idempotency: IdempotencyCompletion(scope: "app", key: "batch-3", status: 200, body: [7]))
            #expect(committed.isEmpty)
            #expect(try await Self.claim(store, "batch-3") == .completed(status: 200, body: [7]))
            #expect(try await store.statistics().messageCount == 0)
        }
    }
}
