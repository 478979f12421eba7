import Foundation
import Queue

/// Runs `body` against a fresh store of `kind` driven by a manual clock, closing it afterwards.
func withStore(
    _ kind: StoreKind,
    configuration: QueueConfiguration = QueueConfiguration(),
    _ body: (any QueueStore, ManualWallClock) async throws -> Void
) async throws {
    let clock = ManualWallClock(Fixtures.start)
    let url = try kind.makeURL()
    let store = try await QueueStoreFactory.open(url: url, configuration: configuration, clock: clock)
    defer {
        if url.hasPrefix("sqlite://") {
            try? FileManager.default.removeItem(atPath: (String(url.dropFirst("sqlite://".count)) as NSString).deletingLastPathComponent)
        }
    }
    do {
        try await body(store, clock)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}
