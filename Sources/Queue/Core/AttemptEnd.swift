/// How an attempt ended without the job being completed.
public enum AttemptEnd: Sendable, Hashable {
    /// The worker reported a failure.
    case failed(JobFailure)
    /// The worker holding the lease vanished (crashed, hung, partitioned) and the lease ran out.
    case leaseExpired(holder: String)
}
