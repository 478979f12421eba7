/// How a worker reports a failed attempt.
public struct JobFailure: Sendable, Hashable {
    public var message: String
    /// No retry will help (e.g. webhook 4xx other than 408/429, SMTP 5xx).
    public var permanent: Bool
    /// The peer asked for a minimum wait (HTTP Retry-After).
    public var retryAfter: Duration?
    public var events: [DeliveryEventDraft]

    public init(message: String, permanent: Bool, retryAfter: Duration? = nil, events: [DeliveryEventDraft] = []) {
        self.message = message
        self.permanent = permanent
        self.retryAfter = retryAfter
        self.events = events
    }

    public static func temporary(
        _ message: String, retryAfter: Duration? = nil, events: [DeliveryEventDraft] = []
    ) -> JobFailure {
        JobFailure(message: message, permanent: false, retryAfter: retryAfter, events: events)
    }

    public static func permanent(_ message: String, events: [DeliveryEventDraft] = []) -> JobFailure {
        JobFailure(message: message, permanent: true, events: events)
    }
}
