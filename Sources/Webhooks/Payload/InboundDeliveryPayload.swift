import Foundation

/// What an `inbound.deliver` job stores: which webhook of which route. The webhook's URL, secrets and
/// format are read from the configuration in force at each attempt, so secrets never enter the store
/// and a corrected URL applies to retries.
public struct InboundDeliveryPayload: Sendable, Hashable, Codable {
    public var route: String
    public var webhook: Int

    public init(route: String, webhook: Int) {
        self.route = route
        self.webhook = webhook
    }

    /// `route#index`, the webhook's name in metrics, logs and the inbound API.
    public var label: String { "\(route)#\(webhook)" }

    public func encoded() -> [UInt8] {
        // Two plain fields: the encoder cannot fail.
        (try? Array(JSONEncoder().encode(self))) ?? []
    }

    public static func decode(_ bytes: [UInt8]) -> InboundDeliveryPayload? {
        try? JSONDecoder().decode(InboundDeliveryPayload.self, from: Data(bytes))
    }
}
