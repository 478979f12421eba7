/// How the inbound JSON is rendered from a parsed message.
public struct InboundRenderOptions: Sendable, Equatable {
    /// Attachments up to this many decoded bytes are embedded as base64.
    public var inlineAttachmentLimit: Int
    /// Larger attachments get `url = attachmentBaseURL + id`; with no base URL they carry no content.
    public var attachmentBaseURL: String?
    /// Embed the raw message (base64) in `raw.content_base64`.
    public var includeRaw: Bool

    public init(inlineAttachmentLimit: Int = 1 << 20, attachmentBaseURL: String? = nil, includeRaw: Bool = false) {
        self.inlineAttachmentLimit = inlineAttachmentLimit
        self.attachmentBaseURL = attachmentBaseURL
        self.includeRaw = includeRaw
    }
}
