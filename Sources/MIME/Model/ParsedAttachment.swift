/// A part that is not one of the message's displayed bodies, with its decoded content.
public struct ParsedAttachment: Sendable {
    /// The part's index in document order (the message itself is 0): stable across parses of the same bytes,
    /// usable in URLs. Not an IMAP part path, whose length grows with depth and would make ids quadratic.
    public var id: String
    public var filename: String?
    public var contentType: String
    public var charset: String?
    /// `inline` or `attachment`.
    public var disposition: String
    public var contentID: String?
    /// Content with the transfer encoding removed; charsets are left alone.
    public var content: [UInt8]
    public var sha256: String
    /// For message/rfc822 (and message/global) parts: the attached message's headers.
    public var embeddedMessage: HeaderSummary?

    public var size: Int { content.count }
}
