import Logging
import Queue
import ServiceLifecycle

/// Keeps the queue store open for the life of the process and closes it last: it is first in the
/// group, and the group shuts services down in reverse order, so every writer has finished by then.
struct QueueStoreService: Service {
    let store: any QueueStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try await store.close()
            logger.info("queue store closed", metadata: ["store": "\(store.location)"])
        } catch {
            logger.error("queue store did not close cleanly", metadata: ["store": "\(store.location)", "error": "\(error)"])
        }
    }
}
