import Foundation

/// A job as a store read it under its write lock: what a `JobTransition` is decided from and applied to.
struct LockedJob: Sendable {
    var id: JobID
    var messageID: MessageID
    var kind: JobKind
    var state: JobState
    var leaseToken: Int64
    var attempts: Int
    var cycleStartedAt: Date
    var leaseOwner: String?

    /// Whether `lease` is the current lease on this job (a completion or failure may be applied).
    func isHeld(by lease: JobLease) -> Bool {
        self.state == .leased && self.leaseToken == lease.token
    }

    /// The transition after this job's current attempt ended, under the kind's retry policy.
    func transition(after end: AttemptEnd, now: Date, configuration: QueueConfiguration) -> JobTransition {
        var generator = SystemRandomNumberGenerator()
        return JobTransition.afterAttempt(
            attempts: self.attempts, cycleStartedAt: self.cycleStartedAt, ended: end, now: now,
            policy: configuration.retryPolicy(for: self.kind), using: &generator)
    }
}
