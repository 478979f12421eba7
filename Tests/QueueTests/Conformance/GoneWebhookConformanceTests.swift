import Foundation
import Queue
import Testing

/// The 410 Gone marks of webhooks, run against every store implementation: what one replica records,
/// another (or the next start) reads, until it is cleared.
@Suite("Conformance: gone webhooks")
struct GoneWebhookConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func aMarkIsKeptWithItsFirstTimeUntilCleared(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            #expect(try await store.goneWebhook("support#0") == nil)
            #expect(try await store.goneWebhooks().isEmpty)

            try await store.markWebhookGone("support#0", reason: "HTTP 410")
            let first = try #require(try await store.goneWebhook("support#0"))
            #expect(first.name == "support#0")
            #expect(first.reason == "HTTP 410")
            #expect(abs(first.since.timeIntervalSince(Fixtures.start)) < 0.002)

            // A second 410 (another replica, a retry) keeps the first time and reason.
            clock.advance(by: .seconds(60))
            try await store.markWebhookGone("support#0", reason: "HTTP 410 again")
            #expect(try await store.goneWebhook("support#0") == first)
            try await store.markWebhookGone("sales#1", reason: "HTTP 410: moved away")
            #expect(try await store.goneWebhooks().map(\.name) == ["sales#1", "support#0"])
            #expect(try await store.goneWebhook("sales#0") == nil, "marks are per webhook, not per route")

            #expect(try await store.clearGoneWebhook("support#0"))
            #expect(try await store.goneWebhook("support#0") == nil)
            #expect(try await !store.clearGoneWebhook("support#0"), "clearing twice finds nothing the second time")
            #expect(try await store.goneWebhooks().map(\.name) == ["sales#1"])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func aMarkSurvivesReopeningTheStore(_ kind: StoreKind) async throws {
        let clock = ManualWallClock(Fixtures.start)
        let url = try kind.makeURL()
        let first = try await QueueStoreFactory.open(url: url, clock: clock)
        try await first.markWebhookGone("support#0", reason: "HTTP 410")
        // A second process on the same store sees it while the first still runs.
        let second = try await QueueStoreFactory.open(url: url, clock: clock)
        #expect(try await second.goneWebhook("support#0")?.reason == "HTTP 410")
        #expect(try await second.clearGoneWebhook("support#0"))
        #expect(try await first.goneWebhook("support#0") == nil)
        try await second.close()
        try await first.close()
    }
}
