/// A tag list (RFC 6376 §3.2), the syntax of both the `DKIM-Signature` field and the key record:
/// `tag-spec *( ";" tag-spec ) [ ";" ]`, `tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]`.
///
/// Parsed in one pass (no backtracking, a hash set for duplicates), so its cost is linear in the input whatever
/// the input is. Values keep their inner whitespace; whitespace around them is dropped. Bytes of 0x80 and above are
/// accepted in values (RFC 8616 allows UTF-8 there).
public struct DKIMTagList: Sendable, Hashable {
    public struct Tag: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// In the order written.
    public private(set) var tags: [Tag]

    public init(parsing text: some Collection<UInt8>) throws(DKIMTagListError) {
        var tags: [Tag] = []
        var seen = Set<String>()
        let bytes = Array(text)
        var specStart = 0
        var position = 0
        while true {
            let end = bytes[specStart...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            let isLast = end == bytes.endIndex
            let spec = Self.trimmed(bytes[specStart..<end])
            if spec.isEmpty {
                // Only the end may be empty: after a final ";" (or an empty list, refused below).
                guard isLast else { throw .emptyTag(position: position) }
            } else {
                let tag = try Self.tag(spec, position: position)
                guard seen.insert(tag.name).inserted else { throw .duplicateTag(tag.name) }
                tags.append(tag)
            }
            if isLast { break }
            specStart = end + 1
            position += 1
        }
        guard !tags.isEmpty else { throw .empty }
        self.tags = tags
    }

    /// The value of the tag named `name` (tag names are case-sensitive), or nil when it is absent.
    public subscript(name: String) -> String? {
        tags.first { $0.name == name }?.value
    }

    /// Whether a byte is whitespace in a tag list: WSP, or the CR and LF of folding.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    private static func tag(_ spec: ArraySlice<UInt8>, position: Int) throws(DKIMTagListError) -> Tag {
        guard let equals = spec.firstIndex(of: UInt8(ascii: "=")) else { throw .missingEquals(position: position) }
        let nameBytes = trimmed(spec[..<equals])
        // tag-name = ALPHA *ALNUMPUNC, ALNUMPUNC = ALPHA / DIGIT / "_"
        guard let first = nameBytes.first, isAlpha(first),
            nameBytes.allSatisfy({ isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else {
            throw .invalidTagName(String(decoding: nameBytes, as: UTF8.self), position: position)
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let valueBytes = trimmed(spec[(equals + 1)...])
        // tag-value = [ tval *( 1*(WSP / FWS) tval ) ], tval = 1*VALCHAR, VALCHAR = %x21-3A / %x3C-7E: anything
        // visible but ";" (which ended the spec), inner whitespace included.
        for byte in valueBytes where byte < 0x21 && !isWhitespace(byte) || byte == 0x7F {
            throw .invalidValue(tag: name, byte: byte)
        }
        return Tag(name: name, value: String(decoding: valueBytes, as: UTF8.self))
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }
}
