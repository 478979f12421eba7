/// A worker's failed attempt, waiting for the group commit.
struct FailureRequest: Sendable {
    var lease: JobLease
    var failure: JobFailure
    var now: Int64
}
