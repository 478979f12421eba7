/// A job handed to a worker, with the lease it must present to finish it.
public struct LeasedJob: Sendable, Hashable {
    public var job: Job
    public var lease: JobLease

    public init(job: Job, lease: JobLease) {
        self.job = job
        self.lease = lease
    }
}
