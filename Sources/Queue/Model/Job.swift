import Foundation

/// A snapshot of one job row.
public struct Job: Sendable, Hashable {
    public var id: JobID
    public var messageID: MessageID
    public var kind: JobKind
    public var state: JobState
    public var recipients: [String]
    public var payload: [UInt8]
    /// Attempts started so far (a lease counts as an attempt).
    public var attempts: Int
    public var createdAt: Date
    /// Start of the current retry cycle: creation, or the last operator retry. Maximum age counts from here.
    public var cycleStartedAt: Date
    public var nextAttemptAt: Date
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    /// Why the job ended `failed` or `dead`.
    public var finalReason: String?
    public var finishedAt: Date?
    public var updatedAt: Date

    public init(
        id: JobID, messageID: MessageID, kind: JobKind, state: JobState, recipients: [String],
        payload: [UInt8], attempts: Int, createdAt: Date, cycleStartedAt: Date, nextAttemptAt: Date,
        leaseOwner: String?, leaseExpiresAt: Date?, lastError: String?, finalReason: String?,
        finishedAt: Date?, updatedAt: Date
    ) {
        self.id = id
        self.messageID = messageID
        self.kind = kind
        self.state = state
        self.recipients = recipients
        self.payload = payload
        self.attempts = attempts
        self.createdAt = createdAt
        self.cycleStartedAt = cycleStartedAt
        self.nextAttemptAt = nextAttemptAt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.finalReason = finalReason
        self.finishedAt = finishedAt
        self.updatedAt = updatedAt
    }
}
