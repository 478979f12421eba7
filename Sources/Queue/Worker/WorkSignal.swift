import Synchronization

/// Wakes an idle worker as soon as work is committed in this process, so a new job does not wait out
/// the polling interval (which remains for jobs other replicas commit and for retries falling due).
/// A signal sent while nobody waits is kept (once) for the next wait.
public final class WorkSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func notify() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when notified or when the task is cancelled. Meant for one waiter at a time (a worker's idle
    /// wait); a second waiter displaces the first, which then returns as if notified.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let (resumeNow, displaced) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return (true, nil)
                    }
                    // One waiter is the design; a second one wakes the first rather than stranding it.
                    defer { state.waiter = continuation }
                    return (false, state.waiter)
                }
                displaced?.resume()
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
