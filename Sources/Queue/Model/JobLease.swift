import Foundation

/// Proof that a worker holds a job. The token changes on every lease, so a worker whose lease
/// expired and was taken over cannot complete or fail the job behind the new holder's back.
public struct JobLease: Sendable, Hashable {
    public var jobID: JobID
    public var token: Int64
    public var owner: String
    public var expiresAt: Date

    public init(jobID: JobID, token: Int64, owner: String, expiresAt: Date) {
        self.jobID = jobID
        self.token = token
        self.owner = owner
        self.expiresAt = expiresAt
    }
}
