/// The result of parsing one message. Always produced, whatever the input: problems are listed in `defects`,
/// limits reached in `truncations`.
public struct ParsedMessage: Sendable {
    public var header: HeaderSummary
    /// The text/plain body a mail client would show, LF line endings.
    public var text: String?
    /// The text/html body a mail client would show, LF line endings, `cid:` references untouched.
    public var html: String?
    /// `text` without quoted reply and signature.
    public var strippedText: String?
    /// Content-IDs the HTML body refers to with `cid:` URLs, in order of first use.
    public var cidReferences: [String]
    public var attachments: [ParsedAttachment]
    /// The MIME tree, the message itself first.
    public var parts: [MIMEPart]
    public var truncations: [TruncationReason]
    public var defects: [String]
    public var rawSHA256: String
    public var rawSize: Int

    public var isTruncated: Bool { !truncations.isEmpty }

    /// The attachment an inbound JSON `url` points at (`attachmentBaseURL + id`).
    public func attachment(id: String) -> ParsedAttachment? {
        attachments.first { $0.id == id }
    }
}
