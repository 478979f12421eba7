import Foundation
import HTTPClient
import Logging
import Queue
import ServiceLifecycle
import Webhooks

/// The webhook workers as one service: `inbound.deliver` jobs, and `event.deliver` jobs when a failure
/// webhook is configured. On graceful shutdown they stop leasing, finish what is in flight (bounded by
/// the webhooks' timeouts), and then the HTTP client stops.
struct InboundDeliveryService: Service {
    let store: any QueueStore
    let client: CurlHTTPClient
    let deliverer: InboundDeliverer
    let events: EventDeliverer?
    let settings: DeliverySettings
    let inboundSignal: WorkSignal
    let eventSignal: WorkSignal
    let logger: Logger

    func run() async throws {
        let owner = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        var workers = [
            JobWorker(
                store: store, kinds: [.inboundDeliver], owner: owner, concurrency: settings.concurrency,
                leaseDuration: settings.lease.duration, idleDelay: settings.pollInterval.duration, signal: inboundSignal,
                logger: logger, onDecision: deliverer.observe, handler: deliverer.deliver)
        ]
        if let events {
            workers.append(JobWorker(
                store: store, kinds: [.eventDeliver], owner: owner, concurrency: 4, leaseDuration: settings.lease.duration,
                idleDelay: settings.pollInterval.duration, signal: eventSignal, logger: logger, handler: events.deliver))
        }
        let running = workers
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for worker in running { group.addTask { await worker.run() } }
            }
        } onGracefulShutdown: {
            for worker in running { worker.stop() }
        }
        await client.shutdown()
    }
}

/// ServiceLifecycle logs every service as `"\(service)"` (at debug): the default reflection would print the
/// webhook targets and settings it holds, URL tokens, signing secrets and proxy credentials included.
extension InboundDeliveryService: CustomStringConvertible {
    var description: String { "InboundDeliveryService" }
}
