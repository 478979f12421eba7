import Queue
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1)))
struct WorkSignalTests {
    /// True when `signal.wait()` returns within `limit`; a wait still blocked then is cancelled.
    static func returns(_ signal: WorkSignal, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await signal.wait()
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func notifyBeforeWaitIsRememberedOnce() async {
        let signal = WorkSignal()
        signal.notify()
        signal.notify()
        #expect(await Self.returns(signal, within: .seconds(5)))
        // Two notifications while nobody waited count as one.
        #expect(!(await Self.returns(signal, within: .milliseconds(100))))
    }

    @Test func notifyWakesAWaiter() async {
        let signal = WorkSignal()
        let woken = Atomic<Bool>(false)
        let waiter = Task {
            await signal.wait()
            woken.store(true, ordering: .releasing)
        }
        try? await Task.sleep(for: .milliseconds(50))
        let early = woken.load(ordering: .acquiring)
        #expect(!early)
        signal.notify()
        await waiter.value
        let late = woken.load(ordering: .acquiring)
        #expect(late)
        // The notification was consumed by the waiter, not kept.
        #expect(!(await Self.returns(signal, within: .milliseconds(100))))
    }

    @Test func cancelledWaitReturns() async {
        let signal = WorkSignal()
        let waiter = Task { await signal.wait() }
        try? await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await waiter.value
        // A later notification is kept for the next wait, not lost on the cancelled one.
        signal.notify()
        #expect(await Self.returns(signal, within: .seconds(5)))
    }

    @Test func waitInACancelledTaskReturnsAtOnce() async {
        let signal = WorkSignal()
        let clock = ContinuousClock()
        let started = clock.now
        // Nobody notifies: only the cancellation can end this wait. A wait still blocked after a minute is
        // cancelled by the race and reports false.
        let returnedByItself = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                withUnsafeCurrentTask { $0?.cancel() }
                await signal.wait()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        // Returning before the competing minute is the proof; a wall-clock bound tighter than that only measured
        // how loaded the machine was (4.5 s once, on a busy CI).
        #expect(returnedByItself)
        #expect(clock.now - started < .seconds(30))
    }
}
