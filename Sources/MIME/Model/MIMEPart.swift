/// One entity of the MIME tree. Parts live in a flat array (`ParsedMessage.parts`, the message itself first) and
/// refer to each other by index, so building the tree never copies subtrees.
public struct MIMEPart: Sendable {
    public var headers: [RawHeaderField]
    /// `type/subtype`, lowercased, with its parameters (RFC 2045 §5.2 default `text/plain` when absent or invalid).
    public var contentType: ParameterizedValue
    public var disposition: ParameterizedValue?
    /// Lowercased Content-Transfer-Encoding, `7bit` when absent.
    public var transferEncoding: String
    /// Content-ID without angle brackets.
    public var contentID: String?
    /// The encoded body in the input bytes.
    public var bodyRange: Range<Int>
    public var parent: Int?
    public var children: [Int] = []
    public var depth: Int
    /// A multipart not split further because a limit was reached: handled as one opaque part.
    public var isOpaque = false

    public var mediaType: String { contentType.value }
    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") && !isOpaque }
    public var isAttachmentDisposition: Bool { disposition?.value == "attachment" }

    /// RFC 2183 filename, else the Content-Type `name`, blanks trimmed.
    public var filename: String? {
        let name = disposition?[parameter: "filename"] ?? contentType[parameter: "name"]
        guard let trimmed = name?.trimmingLWSP(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
