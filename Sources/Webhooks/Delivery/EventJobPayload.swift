import Foundation

/// What an `event.deliver` job stores: which event webhook gets it (by its configuration name, never its URL
/// or secret) and the exact body to POST, so that every retry sends the same bytes under the same signature
/// input. Jobs written before event webhooks had names hold the bare body; they go to the failure webhook.
public struct EventJobPayload: Sendable, Hashable, Codable {
    /// `events.webhooks#N`, or `delivery.failure_webhook`.
    public var webhook: String
    public var body: [UInt8]

    public init(webhook: String, body: [UInt8]) {
        self.webhook = webhook
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case webhook
        case bodyBase64 = "body_base64"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        webhook = try container.decode(String.self, forKey: .webhook)
        guard let data = Data(base64Encoded: try container.decode(String.self, forKey: .bodyBase64)) else {
            throw DecodingError.dataCorruptedError(forKey: .bodyBase64, in: container, debugDescription: "not base64")
        }
        body = Array(data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(webhook, forKey: .webhook)
        try container.encode(Data(body).base64EncodedString(), forKey: .bodyBase64)
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// Nil for a payload in the older form (the bare event body).
    public static func decode(_ bytes: [UInt8]) -> EventJobPayload? {
        try? JSONDecoder().decode(EventJobPayload.self, from: Data(bytes))
    }

    /// The failure webhook's name.
    public static let failureWebhook = "delivery.failure_webhook"
}
