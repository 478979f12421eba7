import Foundation

/// Something that happened to a received message or one of its deliveries (an attempt, a retry
/// scheduled, a redelivery requested…).
public struct InboundDeliveryEvent: Sendable, Equatable, Codable {
    public var at: Date
    public var type: String
    @ExplicitNull public var detail: String?
    @ExplicitNull public var deliveryID: String?
    @ExplicitNull public var recipient: String?

    public init(at: Date, type: String, detail: String?, deliveryID: String?, recipient: String?) {
        self.at = at
        self.type = type
        self.detail = detail
        self.deliveryID = deliveryID
        self.recipient = recipient
    }

    enum CodingKeys: String, CodingKey {
        case at, type, detail
        case deliveryID = "delivery_id"
        case recipient
    }
}
