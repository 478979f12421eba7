import Foundation
import MailModel

/// The inbound JSON document POSTed to webhooks (DESIGN.md "Inbound JSON"), schema in
/// the `InboundMessage` schema in `OpenAPI/openapi.yaml`. `id`, `received_at` and `envelope` belong to the caller.
public struct InboundMessage: Sendable, Equatable, Codable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var id: String
    /// ISO 8601 UTC.
    public var receivedAt: String?
    /// nil for a message read outside a session (`mailgate parse`); written as an envelope of nulls.
    public var envelope: Envelope?
    public var message: InboundMessageContent
    public var attachments: [InboundAttachment]
    public var raw: InboundRaw
    public var truncated: Bool
    public var truncationReasons: [TruncationReason]
    public var defects: [String]

    public init(
        _ parsed: ParsedMessage,
        rawMessage: [UInt8]? = nil,
        options: InboundRenderOptions = InboundRenderOptions(),
        id: String = "",
        receivedAt: String? = nil,
        envelope: Envelope? = nil
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.id = id
        self.receivedAt = receivedAt
        self.envelope = envelope
        var content = InboundMessageContent(parsed.header)
        content.text = parsed.text
        content.html = parsed.html
        content.strippedText = parsed.strippedText
        content.cidReferences = parsed.cidReferences
        message = content
        attachments = parsed.attachments.map { InboundAttachment($0, options: options) }
        raw = InboundRaw(
            sha256: parsed.rawSHA256,
            size: parsed.rawSize,
            contentBase64: options.includeRaw ? rawMessage.map { Base64.encode($0) } : nil
        )
        truncated = parsed.isTruncated
        truncationReasons = parsed.truncations
        defects = parsed.defects
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case id
        case receivedAt = "received_at"
        case envelope, message, attachments, raw, truncated
        case truncationReasons = "truncation_reasons"
        case defects
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        id = try c.decode(String.self, forKey: .id)
        receivedAt = try c.decodeIfPresent(String.self, forKey: .receivedAt)
        let time = receivedAt.flatMap { try? Date($0, strategy: .iso8601) } ?? Date(timeIntervalSince1970: 0)
        envelope = try InboundEnvelopeJSON.decode(
            c.nestedContainer(keyedBy: Envelope.CodingKeys.self, forKey: .envelope), receivedAt: time)
        message = try c.decode(InboundMessageContent.self, forKey: .message)
        attachments = try c.decode([InboundAttachment].self, forKey: .attachments)
        raw = try c.decode(InboundRaw.self, forKey: .raw)
        truncated = try c.decode(Bool.self, forKey: .truncated)
        truncationReasons = try c.decode([TruncationReason].self, forKey: .truncationReasons)
        defects = try c.decode([String].self, forKey: .defects)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(id, forKey: .id)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(InboundEnvelopeJSON(envelope), forKey: .envelope)
        try c.encode(message, forKey: .message)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(raw, forKey: .raw)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(truncationReasons, forKey: .truncationReasons)
        try c.encode(defects, forKey: .defects)
    }
}
