/// The inbound JSON document POSTed to webhooks (DESIGN.md "Inbound JSON"), schema in
/// the `InboundMessage` schema in `OpenAPI/openapi.yaml`. `id`, `received_at` and `envelope` belong to the caller.
public struct InboundMessage: Sendable, Equatable, Codable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var id: String
    /// ISO 8601 UTC.
    public var receivedAt: String?
    public var envelope: InboundEnvelope
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
        envelope: InboundEnvelope = InboundEnvelope()
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

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(id, forKey: .id)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(envelope, forKey: .envelope)
        try c.encode(message, forKey: .message)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(raw, forKey: .raw)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(truncationReasons, forKey: .truncationReasons)
        try c.encode(defects, forKey: .defects)
    }
}
