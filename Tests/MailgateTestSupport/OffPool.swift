import Foundation

/// Runs blocking work (socket reads, waiting on a child process) on a thread of its own. Tests share the
/// process with the server under test: blocking the few cooperative-pool threads would stall the server's
/// own async work and turn into timeouts that are not the server's.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: body()) }
    }
}
