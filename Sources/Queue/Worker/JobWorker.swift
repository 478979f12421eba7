import Logging

/// Drives one kind of delivery: leases due jobs, runs the handler on each concurrently, keeps the
/// leases alive while handlers run, and reports the outcome to the store (which applies the
/// retry policy). Sleeping is done on `clock`, so tests can use their own `Clock`.
///
/// The handler must be idempotent per `Job.id`: after a crash, a job whose delivery succeeded but
/// whose completion was not committed is delivered again (at-least-once).
public struct JobWorker<C: Clock>: Sendable where C.Duration == Duration {
    public typealias Handler = @Sendable (LeasedJob) async -> JobOutcome

    private let store: any QueueStore
    private let kinds: Set<JobKind>
    private let owner: String
    private let concurrency: Int
    private let leaseDuration: Duration
    private let idleDelay: Duration
    private let clock: C
    private let logger: Logger
    private let handler: Handler

    public init(
        store: any QueueStore, kinds: Set<JobKind>, owner: String, concurrency: Int = 16,
        leaseDuration: Duration = .seconds(60), idleDelay: Duration = .milliseconds(250), clock: C,
        logger: Logger = Logger(label: "mailgate.queue.worker"), handler: @escaping Handler
    ) {
        self.store = store
        self.kinds = kinds
        self.owner = owner
        self.concurrency = concurrency
        self.leaseDuration = leaseDuration
        self.idleDelay = idleDelay
        self.clock = clock
        self.logger = logger
        self.handler = handler
    }

    /// Works until the task is cancelled; jobs in progress are finished first.
    public func run() async {
        while !Task.isCancelled {
            let jobs: [LeasedJob]
            do {
                jobs = try await self.store.lease(
                    kinds: self.kinds, limit: self.concurrency, owner: self.owner, duration: self.leaseDuration)
            } catch {
                self.logger.error("leasing jobs failed", metadata: ["error": "\(error)"])
                try? await self.clock.sleep(for: self.idleDelay)
                continue
            }
            if jobs.isEmpty {
                try? await self.clock.sleep(for: self.idleDelay)
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for job in jobs {
                    group.addTask { await self.process(job) }
                }
            }
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
        logger: Logger = Logger(label: "mailgate.queue.worker"), handler: @escaping Handler
    ) {
        self.init(
            store: store, kinds: kinds, owner: owner, concurrency: concurrency, leaseDuration: leaseDuration,
            idleDelay: idleDelay, clock: ContinuousClock(), logger: logger, handler: handler)
    }
}
