/// One attachment in the inbound JSON. Its content is inline (`content_base64`) up to the configured size and a
/// `url` (base URL + id) above it, so webhook bodies stay bounded.
public struct InboundAttachment: Sendable, Equatable, Codable {
    public var id: String
    public var filename: String?
    public var contentType: String
    public var charset: String?
    public var size: Int
    public var sha256: String
    public var disposition: String
    public var contentID: String?
    public var contentBase64: String?
    public var url: String?
    public var message: InboundEmbeddedMessage?

    init(_ attachment: ParsedAttachment, options: InboundRenderOptions) {
        id = attachment.id
        filename = attachment.filename
        contentType = attachment.contentType
        charset = attachment.charset
        size = attachment.size
        sha256 = attachment.sha256
        disposition = attachment.disposition
        contentID = attachment.contentID
        if attachment.size <= options.inlineAttachmentLimit {
            contentBase64 = Base64.encode(attachment.content)
        } else if let base = options.attachmentBaseURL {
            url = base + attachment.id
        }
        message = attachment.embeddedMessage.map(InboundEmbeddedMessage.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, filename
        case contentType = "content_type"
        case charset, size, sha256, disposition
        case contentID = "content_id"
        case contentBase64 = "content_base64"
        case url, message
    }

    /// Always the same keys; `content_base64` and `url` appear only when set, as exactly one of them describes
    /// where the content is.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(filename, forKey: .filename)
        try c.encode(contentType, forKey: .contentType)
        try c.encode(charset, forKey: .charset)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(disposition, forKey: .disposition)
        try c.encode(contentID, forKey: .contentID)
        try c.encodeIfPresent(contentBase64, forKey: .contentBase64)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(message, forKey: .message)
    }
}
