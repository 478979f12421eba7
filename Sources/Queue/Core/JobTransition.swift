import Foundation

/// What happens to a job when an attempt ends, when it is completed, or when it is canceled: its new state
/// and columns, the history to record and the jobs to create on its message.
///
/// This is the one place where the queue decides; the stores only read the job under their lock, call one of
/// the factories below and apply the result with their SQL primitives. A new job kind needs nothing here: its
/// `RetryPolicy` comes from `QueueConfiguration`. Pure: `now`, the policy and the random source are inputs.
public struct JobTransition: Sendable, Hashable {
    public var state: JobState
    /// When the job is next due; `nil` leaves the column.
    public var nextAttemptAt: Date?
    /// The last attempt's error; `nil` leaves the column.
    public var lastError: String?
    /// Why the job ended `failed` or `dead`; `nil` for any other state.
    public var finalReason: String?
    /// Set when the job reaches a final state; `nil` otherwise.
    public var finishedAt: Date?
    /// The recipients still to be handled; `nil` leaves the column.
    public var recipients: [String]?
    /// History to record, in this order, at `at`.
    public var events: [DeliveryEventDraft]
    /// Jobs to create on the job's message in the same transaction.
    public var followUps: [JobSpec]
    public var at: Date
    /// What `QueueStore.fail` answers; `nil` when no attempt failed (completion, cancellation).
    public var decision: RetryDecision?
    /// The outcome as counted in the metrics (`delivered`, `retry`, `failed`, `dead`, `lease_expired`, `canceled`).
    public var outcome: String

    public init(
        state: JobState, nextAttemptAt: Date? = nil, lastError: String? = nil, finalReason: String? = nil,
        finishedAt: Date? = nil, recipients: [String]? = nil, events: [DeliveryEventDraft] = [],
        followUps: [JobSpec] = [], at: Date, decision: RetryDecision? = nil, outcome: String
    ) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.finalReason = finalReason
        self.finishedAt = finishedAt
        self.recipients = recipients
        self.events = events
        self.followUps = followUps
        self.at = at
        self.decision = decision
        self.outcome = outcome
    }

    /// The reason a canceled job ends `failed` with.
    public static let canceledReason = "canceled"

    /// A leased job whose attempt number `attempts` just ended without success.
    ///
    /// A worker's failure records the worker's events, then the decision (`deferred`, `failed` or `dead`); an
    /// expired lease records `lease_expired`, then `dead` if the policy gave up. The worker's remaining
    /// recipients and follow-ups apply whatever the decision; its `followUpsIfDead` only when it is `dead`.
    public static func afterAttempt(
        attempts: Int, cycleStartedAt: Date, ended end: AttemptEnd, now: Date, policy: RetryPolicy,
        using generator: inout some RandomNumberGenerator
    ) -> JobTransition {
        let failure: JobFailure
        switch end {
        case .failed(let reported):
            failure = reported
        case .leaseExpired(let holder):
            failure = .temporary("lease held by \(holder) expired")
        }
        let decision = policy.decide(
            attempts: attempts, cycleStartedAt: cycleStartedAt, now: now, failure: failure, using: &generator)
        let decisionEvent = decision.historyEvent(attempts: attempts, error: failure.message)
        var transition = JobTransition(
            state: decision.state, lastError: failure.message, recipients: failure.remainingRecipients,
            followUps: failure.followUps, at: now, decision: decision, outcome: decision.outcomeLabel)
        switch decision {
        case .retry(let date):
            transition.nextAttemptAt = date
        case .failed(let reason):
            transition.finalReason = reason
            transition.finishedAt = now
        case .dead(let reason):
            transition.finalReason = reason
            transition.finishedAt = now
            transition.followUps += failure.followUpsIfDead
        }
        switch end {
        case .failed:
            transition.events = failure.events + [decisionEvent]
        case .leaseExpired:
            // A retry after an expired lease is implied by the `lease_expired` entry; only giving up is news.
            transition.events = [DeliveryEventDraft(type: .leaseExpired, detail: failure.message)]
            if case .dead = decision {
                transition.events.append(decisionEvent)
            }
            transition.outcome = "lease_expired"
        }
        return transition
    }

    /// A leased job whose worker reported success.
    public static func completed(events: [DeliveryEventDraft], followUps: [JobSpec], now: Date) -> JobTransition {
        JobTransition(
            state: .delivered, finishedAt: now, events: events + [DeliveryEventDraft(type: .delivered)],
            followUps: followUps, at: now, outcome: "delivered")
    }

    /// A queued job withdrawn before it was leased (e.g. `DELETE /v1/messages/{id}`): it ends `failed` with
    /// the reason "canceled", after the caller's events.
    public static func canceled(events: [DeliveryEventDraft], now: Date) -> JobTransition {
        JobTransition(
            state: .failed, finalReason: Self.canceledReason, finishedAt: now,
            events: events + [DeliveryEventDraft(type: .failed, detail: Self.canceledReason)], at: now,
            outcome: "canceled")
    }
}
