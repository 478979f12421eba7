import ServiceLifecycle
import UnixSignals

/// Runs a reload each time the process receives SIGHUP, until graceful shutdown begins.
struct ReloadSignalService: Service {
    let reload: @Sendable () async -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            await reload()
        }
    }
}
