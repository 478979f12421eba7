import Foundation

/// Queue depth and age, for metrics and the operator API.
public struct QueueStatistics: Sendable, Hashable {
    public var jobCounts: [JobKind: [JobState: Int]]
    /// Creation time of the oldest job still waiting (queued or leased), per kind.
    public var oldestPendingJob: [JobKind: Date]
    public var messageCount: Int

    public init(jobCounts: [JobKind: [JobState: Int]], oldestPendingJob: [JobKind: Date], messageCount: Int) {
        self.jobCounts = jobCounts
        self.oldestPendingJob = oldestPendingJob
        self.messageCount = messageCount
    }

    public func count(kind: JobKind, state: JobState) -> Int {
        self.jobCounts[kind]?[state] ?? 0
    }
}
