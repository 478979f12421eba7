import Foundation
import Logging
import Outbound
import Queue
import ServiceLifecycle

/// The relay worker as a service: leases `outbound.relay` jobs and hands them to the transport. On graceful
/// shutdown it stops leasing and finishes the transactions in flight; then `afterStop` closes the pool.
struct OutboundRelayService: Service {
    let store: any QueueStore
    let deliverer: RelayDeliverer
    let concurrency: Int
    let lease: Duration
    let pollInterval: Duration
    let signal: WorkSignal
    let logger: Logger
    let afterStop: @Sendable () async -> Void

    func run() async throws {
        let worker = JobWorker(
            store: store, kinds: [.outboundRelay], owner: "\(ProcessInfo.processInfo.hostName)-\(getpid())",
            concurrency: concurrency, leaseDuration: lease, idleDelay: pollInterval, signal: signal, logger: logger,
            handler: deliverer.deliver)
        await withGracefulShutdownHandler {
            await worker.run()
        } onGracefulShutdown: {
            worker.stop()
        }
        await afterStop()
    }
}

/// ServiceLifecycle logs every service as `"\(service)"` (at debug): the default reflection would print the
/// webhook targets and settings it holds, URL tokens, signing secrets and proxy credentials included.
extension OutboundRelayService: CustomStringConvertible {
    var description: String { "OutboundRelayService" }
}
