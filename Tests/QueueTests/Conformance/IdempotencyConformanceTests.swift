import Foundation
import NIOCore
import Queue
import Testing

/// Idempotency keys for the send API, run against every store implementation.
@Suite("Conformance: idempotency keys")
struct IdempotencyConformanceTests {
    static let ttl = Duration.seconds(24 * 3600)
    static let staleAfter = Duration.seconds(300)

    static func claim(
        _ store: any QueueStore, _ key: String, hash: String = "h1", scope: String = "app"
    ) async throws -> IdempotencyClaim {
        try await store.claimIdempotencyKey(
            scope: scope, key: key, requestHash: hash, ttl: Self.ttl, staleAfter: Self.staleAfter)
    }

    @Test(arguments: StoreKind.underTest)
    func claimInFlightMismatchReplayExpiry(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            #expect(try await Self.claim(store, "k1") == .claimed)
            #expect(try await Self.claim(store, "k1") == .inFlight)
            #expect(try await Self.claim(store, "k1", hash: "h2") == .mismatch)
            // Keys are per scope (per API key).
            #expect(try await Self.claim(store, "k1", scope: "other") == .claimed)

            let body = Array("{\"id\":\"m1\"}".utf8)
            try await store.completeIdempotencyKey(scope: "app", key: "k1", status: 202, body: body)
            #expect(try await Self.claim(store, "k1") == .completed(status: 202, body: body))
            #expect(try await Self.claim(store, "k1", hash: "h2") == .mismatch)
            // A completed key survives a release (only a failed request's claim is forgotten).
            try await store.releaseIdempotencyKey(scope: "app", key: "k1")
            clock.advance(by: .seconds(24 * 3600 - 1))
            #expect(try await Self.claim(store, "k1") == .completed(status: 202, body: body))
            // Past its time to live the key is new again, whatever request it was used for.
            clock.advance(by: .seconds(1))
            #expect(try await Self.claim(store, "k1", hash: "h3") == .claimed)
            #expect(try await Self.claim(store, "k1", hash: "h3") == .inFlight)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aStaleOrReleasedClaimMayBeClaimedAgain(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            #expect(try await Self.claim(store, "crashed") == .claimed)
            clock.advance(by: .seconds(299))
            #expect(try await Self.claim(store, "crashed") == .inFlight)
            clock.advance(by: .seconds(1))
            #expect(try await Self.claim(store, "crashed") == .claimed)
            // The new claim is fresh: it is not stale for the next caller.
            #expect(try await Self.claim(store, "crashed") == .inFlight)

            #expect(try await Self.claim(store, "failed") == .claimed)
            try await store.releaseIdempotencyKey(scope: "app", key: "failed")
            #expect(try await Self.claim(store, "failed", hash: "h2") == .claimed)
            // Completing or releasing a key that is not stored is not an error.
            try await store.releaseIdempotencyKey(scope: "app", key: "never")
            try await store.completeIdempotencyKey(scope: "app", key: "never", status: 202, body: [])
            #expect(try await Self.claim(store, "never") == .claimed)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentClaimsOfOneKeyHaveOneWinner(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            for round in 0..<3 {
                let answers = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
                    for _ in 0..<40 {
                        group.addTask { try await Self.claim(store, "race-\(round)") }
                    }
                    return try await group.reduce(into: [IdempotencyClaim]()) { $0.append($1) }
                }
                #expect(answers.filter { $0 == .claimed }.count == 1)
                #expect(answers.filter { $0 == .inFlight }.count == 39)
            }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func pruneRemovesExpiredKeys(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            for key in ["a", "b", "c"] {
                #expect(try await Self.claim(store, key) == .claimed)
            }
            try await store.completeIdempotencyKey(scope: "app", key: "b", status: 202, body: [1])
            clock.advance(by: .seconds(3600))
            #expect(try await Self.claim(store, "d") == .claimed)
            clock.advance(by: .seconds(23 * 3600))
            #expect(try await store.prune().idempotencyKeys == 3)
            // "d" is stale by now (a claim may be taken over) but not expired: it is still stored.
            #expect(try await Self.claim(store, "d", hash: "h2") == .mismatch)
            #expect(try await store.prune().idempotencyKeys == 0)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func theMessageCommitCompletesTheKeyInItsTransaction(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            #expect(try await Self.claim(store, "send-1") == .claimed)
            let id = MessageID("m-idempotent")
            let body = Array("{\"id\":\"m-idempotent\"}".utf8)
            let completion = IdempotencyCompletion(scope: "app", key: "send-1", status: 202, body: body)
            let committed = try await store.enqueue(
                message: ByteBuffer(string: "Subject: x\r\n\r\nx\r\n"), envelope: Fixtures.envelope(),
                jobs: [JobSpec(kind: .outboundRelay, recipients: ["a@example.com"])], id: id, idempotency: completion)
            #expect(committed.id == id)
            #expect(try await Self.claim(store, "send-1") == .completed(status: 202, body: body))

            // A commit that fails leaves the key in flight: nothing was sent, the caller releases it.
            #expect(try await Self.claim(store, "send-2") == .claimed)
            await #expect(throws: QueueStoreError.self) {
                _ = try await store.enqueue(
                    message: ByteBuffer(string: "again"), envelope: Fixtures.envelope(), jobs: [], id: id,
                    idempotency: IdempotencyCompletion(scope: "app", key: "send-2", status: 202, body: body))
            }
            #expect(try await Self.claim(store, "send-2") == .inFlight)
        }
    }
}
