import Foundation

/// Where a failed attempt sends a job.
public enum RetryDecision: Sendable, Hashable {
    case retry(at: Date)
    /// Permanent failure reported by the worker.
    case failed(reason: String)
    /// The policy gave up.
    case dead(reason: String)

    var state: JobState {
        switch self {
        case .retry: .queued
        case .failed: .failed
        case .dead: .dead
        }
    }
}

extension RetryDecision {
    /// The history entry that records this decision.
    func historyEvent(attempts: Int, error: String) -> DeliveryEventDraft {
        switch self {
        case .retry(let date):
            DeliveryEventDraft(
                type: .deferred,
                detail: "attempt \(attempts) failed: \(error); next attempt at \(date.formatted(.iso8601))")
        case .failed(let reason):
            DeliveryEventDraft(type: .failed, detail: reason)
        case .dead(let reason):
            DeliveryEventDraft(type: .dead, detail: reason)
        }
    }

    var outcomeLabel: String {
        switch self {
        case .retry: "retry"
        case .failed: "failed"
        case .dead: "dead"
        }
    }
}
