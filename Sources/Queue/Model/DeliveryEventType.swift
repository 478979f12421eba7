/// Kind of a history entry. Open set; the store writes the predefined ones itself.
public struct DeliveryEventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { self.rawValue }

    public static let received: DeliveryEventType = "received"
    public static let attempt: DeliveryEventType = "attempt"
    public static let delivered: DeliveryEventType = "delivered"
    public static let deferred: DeliveryEventType = "deferred"
    public static let failed: DeliveryEventType = "failed"
    public static let dead: DeliveryEventType = "dead"
    public static let leaseExpired: DeliveryEventType = "lease_expired"
    public static let released: DeliveryEventType = "released"
    public static let operatorRetry: DeliveryEventType = "operator_retry"
}
