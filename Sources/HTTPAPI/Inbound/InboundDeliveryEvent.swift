import Foundation

/// Something that happened to a received message or one of its deliveries (an attempt, a retry
/// scheduled, a redelivery requested…).
public struct InboundDeliveryEvent: Sendable, Equatable, Codable {
    public var at: Date
    public var type: String
    public var detail: String?
    public var deliveryID: String?
    public var recipient: String?

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

    // Written by hand so that missing values are explicit nulls, as the OpenAPI schema says.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(type, forKey: .type)
        try container.encode(detail, forKey: .detail)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(recipient, forKey: .recipient)
    }
}
