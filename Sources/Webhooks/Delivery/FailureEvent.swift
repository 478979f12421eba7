import Foundation

/// The body of a failure notification (`event.deliver` job payload and POST body): a delivery that
/// ended without success. Schema `InboundDeliveryFailed` under `webhooks:` in openapi.yaml.
public struct FailureEvent: Sendable, Codable, Hashable {
    public var type: String
    /// The failed delivery's id: its `webhook-id`.
    public var deliveryID: String
    public var messageID: String
    public var webhook: String
    public var recipients: [String]
    /// `dead` (gave up after the retry horizon) or `failed` (refused for good).
    public var state: String
    public var attempts: Int
    public var reason: String
    public var at: String

    enum CodingKeys: String, CodingKey {
        case type
        case deliveryID = "delivery_id"
        case messageID = "message_id"
        case webhook, recipients, state, attempts, reason, at
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}
