/// Entry point: bytes of one message in, `ParsedMessage` out. Pure and synchronous; never throws, never traps
/// on input; time and memory linear in the input size for fixed limits.
public struct MessageParser: Sendable {
    public var limits: MIMELimits
    public var digester: ContentDigester

    public init(limits: MIMELimits = .default, digester: ContentDigester) {
        self.limits = limits
        self.digester = digester
    }

    public func parse(_ bytes: [UInt8]) -> ParsedMessage {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    public func parse(buffer: UnsafeBufferPointer<UInt8>) -> ParsedMessage {
        var structure = StructureParser(limits: limits)
        structure.parse(buffer)
        let parts = structure.parts
        let root = parts[0]
        let fallbackCharset = Self.headerFallbackCharset(root)
        let header = HeaderSummary(raw: root.headers, fallbackCharset: fallbackCharset)

        let selector = BodySelector(parts: parts)
        let textIndex = selector.body(subtype: "plain")
        let htmlIndex = selector.body(subtype: "html")
        let text = textIndex.map { Self.displayText(parts[$0], buffer) }
        let html = htmlIndex.map { Self.displayText(parts[$0], buffer) }
        let cidReferences = html.map(CIDReferenceScanner.references(in:)) ?? []
        let referenced = Set(cidReferences)

        var attachments: [ParsedAttachment] = []
        for (index, part) in parts.enumerated() where !part.isMultipart && index != textIndex && index != htmlIndex {
            let content = TransferDecoder.decode(UnsafeBufferPointer(rebasing: buffer[part.bodyRange]), encoding: part.transferEncoding)
            var embedded: HeaderSummary?
            if part.mediaType == "message/rfc822" || part.mediaType == "message/global" {
                embedded = content.withUnsafeBufferPointer { inner in
                    let block = HeaderBlockParser(limits: limits).parse(inner, from: 0, to: inner.count, allowMboxFromLine: true)
                    return HeaderSummary(raw: block.fields, fallbackCharset: fallbackCharset)
                }
            }
            attachments.append(
                ParsedAttachment(
                    id: String(index),
                    filename: part.filename,
                    contentType: part.mediaType,
                    charset: part.contentType[parameter: "charset"],
                    disposition: Self.disposition(of: part, in: parts, referenced: referenced),
                    contentID: part.contentID,
                    content: content,
                    sha256: digester.hex(content),
                    embeddedMessage: embedded
                )
            )
        }

        return ParsedMessage(
            header: header,
            text: text,
            html: html,
            strippedText: text.map(ReplyStripper.strip),
            cidReferences: cidReferences,
            attachments: attachments,
            parts: parts,
            truncations: structure.truncations,
            defects: structure.defects,
            rawSHA256: digester.sha256Hex(UnsafeRawBufferPointer(buffer)),
            rawSize: buffer.count
        )
    }

    /// RFC 6532 headers are UTF-8; raw 8-bit headers in anything else are most likely in the charset of the
    /// message's own text, so that is the guess before Windows-1252.
    static func headerFallbackCharset(_ root: MIMEPart) -> String? {
        guard let charset = root.contentType[parameter: "charset"]?.lowercased(), charset != "us-ascii", charset != "utf-8" else { return nil }
        return charset
    }

    static func displayText(_ part: MIMEPart, _ buffer: UnsafeBufferPointer<UInt8>) -> String {
        let content = TransferDecoder.decode(UnsafeBufferPointer(rebasing: buffer[part.bodyRange]), encoding: part.transferEncoding)
        let text = TextNormalizer.normalize(CharsetDecoder.decode(content, charset: part.contentType[parameter: "charset"]))
        guard part.mediaType == "text/plain", part.contentType[parameter: "format"]?.lowercased() == "flowed" else { return text }
        return FlowedTextDecoder.decode(text, deleteSpace: part.contentType[parameter: "delsp"]?.lowercased() == "yes")
    }

    /// The declared disposition; without one, parts the HTML shows, parts of a multipart/related, and unnamed
    /// text parts (which mail clients display in the flow of the message) are inline, everything else an
    /// attachment.
    static func disposition(of part: MIMEPart, in parts: [MIMEPart], referenced: Set<String>) -> String {
        if let declared = part.disposition?.value, declared == "inline" || declared == "attachment" { return declared }
        if part.disposition != nil { return "attachment" }
        if let id = part.contentID, referenced.contains(id) { return "inline" }
        if let parent = part.parent, parts[parent].mediaType == "multipart/related" { return "inline" }
        if part.mediaType.hasPrefix("text/"), part.filename == nil { return "inline" }
        return "attachment"
    }
}
