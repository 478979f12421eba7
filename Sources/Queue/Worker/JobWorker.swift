import Logging
import Synchronization

/// Drives one kind of delivery: keeps up to `concurrency` jobs in flight, leasing more in batches as
/// slots free up, keeps the leases alive while handlers run, and reports each outcome to the store
/// (which applies the retry policy). An idle worker sleeps on `clock` (so tests can use their own
/// `Clock`) until the polling interval passes or `signal` says work was committed in this process.
///
/// The handler must be idempotent per `Job.id`: after a crash, a job whose delivery succeeded but
/// whose completion was not committed is delivered again (at-least-once).
public struct JobWorker<C: Clock>: Sendable where C.Duration == Duration {
    public typealias Handler = @Sendable (LeasedJob) async -> JobOutcome
    /// Told what the retry policy decided after a failed attempt (e.g. to notify someone of a dead job).
    public typealias DecisionObserver = @Sendable (LeasedJob, JobFailure, RetryDecision) async -> Void

    private let store: any QueueStore
    private let kinds: Set<JobKind>
    private let owner: String
    private let concurrency: Int
    private let leaseDuration: Duration
    private let idleDelay: Duration
    private let clock: C
    private let logger: Logger
    private let handler: Handler
    private let signal: WorkSignal
    private let stopped: StopFlag
    private let onDecision: DecisionObserver?

    /// Set once by `stop()`; a class so that copies of the worker share it.
    private final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    public init(
        store: any QueueStore, kinds: Set<JobKind>, owner: String, concurrency: Int = 16,
        leaseDuration: Duration = .seconds(60), idleDelay: Duration = .milliseconds(250), clock: C,
        signal: WorkSignal = WorkSignal(), logger: Logger = Logger(label: "mailgate.queue.worker"),
        onDecision: DecisionObserver? = nil, handler: @escaping Handler
    ) {
        precondition(concurrency >= 1, "concurrency must be at least 1")
        self.store = store
        self.kinds = kinds
        self.owner = owner
        self.concurrency = concurrency
        self.leaseDuration = leaseDuration
        self.idleDelay = idleDelay
        self.clock = clock
        self.signal = signal
        self.logger = logger
        self.onDecision = onDecision
        self.handler = handler
        self.stopped = StopFlag()
    }

    /// Stops leasing; `run` returns once the jobs in flight are finished.
    public func stop() {
        stopped.value.store(true, ordering: .releasing)
        signal.notify()
    }

    private var isStopping: Bool { stopped.value.load(ordering: .acquiring) || Task.isCancelled }

    /// Leasing one slot at a time would cost a store transaction per job; waiting for a quarter of the
    /// slots keeps transactions few under load while a single job is still picked up at once when idle.
    private var leaseBatch: Int { max(1, concurrency / 4) }

    /// Works until `stop()` or cancellation; jobs in progress are finished first.
    public func run() async {
        // Children return true when a job finished, false when the idle wait ended.
        await withTaskGroup(of: Bool.self) { group in
            var inFlight = 0
            var waking = false
            var mayHaveMore = true
            while true {
                if isStopping {
                    // Let the jobs in flight finish; the wake-up child ends with the signal below.
                    signal.notify()
                    while await group.next() != nil {}
                    return
                }
                let free = concurrency - inFlight
                if mayHaveMore && (free >= leaseBatch || inFlight == 0) {
                    do {
                        let jobs = try await store.lease(kinds: kinds, limit: free, owner: owner, duration: leaseDuration)
                        for job in jobs {
                            group.addTask {
                                await self.process(job)
                                return true
                            }
                        }
                        inFlight += jobs.count
                        mayHaveMore = jobs.count == free
                    } catch {
                        logger.error("leasing jobs failed", metadata: ["error": "\(error)"])
                        mayHaveMore = false
                    }
                }
                if !mayHaveMore && !waking {
                    waking = true
                    group.addTask {
                        await self.sleepUntilWork()
                        return false
                    }
                }
                switch await group.next() {
                case true?: inFlight -= 1
                case false?:
                    waking = false
                    mayHaveMore = true
                case nil: break
                }
            }
        }
    }

    /// Returns after the polling interval or as soon as work is signalled, whichever comes first.
    private func sleepUntilWork() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await self.clock.sleep(for: self.idleDelay) }
            group.addTask { await self.signal.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func process(_ job: LeasedJob) async {
        let outcome: JobOutcome? = await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask { await self.handler(job) }
            group.addTask { await self.keepAlive(job.lease) }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else {
            self.logger.warning("lease lost while delivering", metadata: ["job": "\(job.job.id)"])
            return
        }
        do {
            switch outcome {
            case .delivered(let events, let followUps):
                try await self.store.complete(job.lease, events: events, followUps: followUps)
            case .failed(let failure):
                let decision = try await self.store.fail(job.lease, failure)
                self.logger.info(
                    "delivery failed",
                    metadata: ["job": "\(job.job.id)", "error": "\(failure.message)", "decision": "\(decision)"])
                await self.onDecision?(job, failure, decision)
            }
        } catch {
            self.logger.error("recording job outcome failed", metadata: ["job": "\(job.job.id)", "error": "\(error)"])
        }
    }

    /// Extends the lease every third of its duration; returns (nil) only if the lease is lost.
    private func keepAlive(_ lease: JobLease) async -> JobOutcome? {
        var lease = lease
        while true {
            do {
                try await self.clock.sleep(for: self.leaseDuration / 3)
            } catch {
                // Cancelled: the handler already finished and its outcome was taken.
                return nil
            }
            do {
                lease = try await self.store.extendLease(lease, by: self.leaseDuration)
            } catch {
                return nil
            }
        }
    }
}

extension JobWorker where C == ContinuousClock {
    public init(
        store: any QueueStore, kinds: Set<JobKind>, owner: String, concurrency: Int = 16,
        leaseDuration: Duration = .seconds(60), idleDelay: Duration = .milliseconds(250),
        signal: WorkSignal = WorkSignal(), logger: Logger = Logger(label: "mailgate.queue.worker"),
        onDecision: DecisionObserver? = nil, handler: @escaping Handler
    ) {
        self.init(
            store: store, kinds: kinds, owner: owner, concurrency: concurrency, leaseDuration: leaseDuration,
            idleDelay: idleDelay, clock: ContinuousClock(), signal: signal, logger: logger, onDecision: onDecision,
            handler: handler)
    }
}
