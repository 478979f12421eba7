/// How a worker reports a failed attempt.
public struct JobFailure: Sendable, Hashable {
    public var message: String
    /// No retry will help (e.g. webhook 4xx other than 408/429, SMTP 5xx).
    public var permanent: Bool
    /// The peer asked for a minimum wait (HTTP Retry-After).
    public var retryAfter: Duration?
    public var events: [DeliveryEventDraft]
    /// The recipients still to be handled (a relay where some recipients ended and others were deferred);
    /// `nil` leaves the job's recipients unchanged. Whatever the decision, the job's `recipients` become this
    /// list: the next attempt, or an operator's retry of a dead job, only sees the recipients that did not end.
    public var remainingRecipients: [String]?
    /// Jobs created on the same message atomically with the failure (event webhooks), whatever the decision.
    public var followUps: [JobSpec]
    /// More jobs created atomically with the failure only when the retry policy gives up on the job (`dead`):
    /// what a worker wants done then (the `message.failed` events, a DSN to the sender). The worker cannot
    /// know in advance whether this attempt is the last, and queueing these after the transition instead would
    /// lose them to a crash between the two writes; so it states them here and the transition keeps or drops them.
    public var followUpsIfDead: [JobSpec]

    public init(
        message: String, permanent: Bool, retryAfter: Duration? = nil, events: [DeliveryEventDraft] = [],
        remainingRecipients: [String]? = nil, followUps: [JobSpec] = [], followUpsIfDead: [JobSpec] = []
    ) {
        self.message = message
        self.permanent = permanent
        self.retryAfter = retryAfter
        self.events = events
        self.remainingRecipients = remainingRecipients
        self.followUps = followUps
        self.followUpsIfDead = followUpsIfDead
    }

    public static func temporary(
        _ message: String, retryAfter: Duration? = nil, events: [DeliveryEventDraft] = [],
        remainingRecipients: [String]? = nil, followUps: [JobSpec] = [], followUpsIfDead: [JobSpec] = []
    ) -> JobFailure {
        JobFailure(
            message: message, permanent: false, retryAfter: retryAfter, events: events,
            remainingRecipients: remainingRecipients, followUps: followUps, followUpsIfDead: followUpsIfDead)
    }

    public static func permanent(
        _ message: String, events: [DeliveryEventDraft] = [], followUps: [JobSpec] = []
    ) -> JobFailure {
        JobFailure(message: message, permanent: true, events: events, followUps: followUps)
    }
}
