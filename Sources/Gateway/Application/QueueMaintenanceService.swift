import Logging
import Queue
import ServiceLifecycle

/// Keeps the queue's gauges current (depth per kind and state, oldest job age) and applies the
/// retention policy every `pruneInterval`, until graceful shutdown.
struct QueueMaintenanceService: Service {
    let store: any QueueStore
    let pruneInterval: Duration
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await cancelWhenGracefulShutdown {
                    try await QueueMetricsReporter(store: store, clock: ContinuousClock()).run()
                }
            }
            group.addTask {
                try? await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try await Task.sleep(for: pruneInterval)
                        do {
                            let result = try await store.prune()
                            if result.messages > 0 || result.abandonedChunks > 0 {
                                logger.info("retention pruned the queue", metadata: [
                                    "messages": "\(result.messages)", "abandoned_chunks": "\(result.abandonedChunks)",
                                ])
                            }
                        } catch {
                            logger.error("retention failed; will try again", metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
        }
    }
}
