/// One limit: at most `capacity` units (requests, recipients) per `period`, as a token bucket that holds
/// `capacity` and refills continuously, so a key may burst up to the whole allowance and then goes at the
/// average rate.
public struct RateLimit: Sendable, Hashable {
    public var capacity: Int
    public var period: Duration

    public init(capacity: Int, period: Duration) {
        self.capacity = capacity
        self.period = period
    }

    public static func perSecond(_ count: Int) -> RateLimit { RateLimit(capacity: count, period: .seconds(1)) }
    public static func perHour(_ count: Int) -> RateLimit { RateLimit(capacity: count, period: .seconds(3600)) }
}
