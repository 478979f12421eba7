import Foundation

/// The body of an outbound delivery event, POSTed signed to each event webhook that asked for its type.
/// Schema `MessageEvent` in openapi.yaml (one `webhooks:` entry per type).
public struct OutboundEventBody: Sendable, Hashable, Codable {
    public struct Reply: Sendable, Hashable, Codable {
        public var code: Int
        public var enhancedCode: String?
        public var text: String

        enum CodingKeys: String, CodingKey {
            case code
            case enhancedCode = "enhanced_code"
            case text
        }
    }

    public var type: OutboundEventType
    /// The message's id (as `POST /v1/messages` or the SMTP reply gave it).
    public var messageID: String
    /// The `Message-ID` header's value, when known.
    public var messageIDHeader: String?
    public var recipient: String
    public var reply: Reply?
    /// What happened when there was no reply (no upstream reachable, canceled, retries exhausted).
    public var reason: String?
    public var upstream: String?
    public var attempts: Int
    public var tags: [String]
    public var metadata: [String: String]
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case type
        case messageID = "message_id"
        case messageIDHeader = "message_id_header"
        case recipient, reply, reason, upstream, attempts, tags, metadata, at
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return Array((try? encoder.encode(self)) ?? Data())
    }
}
