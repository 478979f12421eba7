/// Where a message's header ends and how it splits into fields, as DKIM sees them (the raw bytes of each field
/// are what both canonicalizations start from).
enum MessageHeader {
    /// Where the header ends (before its last CRLF) and the body starts (after the empty line); nil when there is
    /// no empty line.
    static func split(_ bytes: [UInt8]) -> (headerEnd: Int, bodyStart: Int)? {
        if bytes.starts(with: [0x0D, 0x0A]) { return (0, 2) }
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 0x0D, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x0D, bytes[index + 3] == 0x0A {
                return (index, index + 4)
            }
            index += 1
        }
        return nil
    }

    /// The fields of a header (without the empty line), in order. A line without a colon that does not continue
    /// a field is no field and is skipped.
    static func fields(_ header: ArraySlice<UInt8>) -> [HeaderField] {
        var fields: [HeaderField] = []
        var start = header.startIndex
        var index = header.startIndex
        func finish(_ end: Int) {
            guard end > start else { return }
            let bytes = header[start..<end]
            if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
                var nameEnd = colon
                while nameEnd > start, header[nameEnd - 1] == 0x20 || header[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                let name = String(decoding: header[start..<nameEnd], as: UTF8.self).lowercased()
                fields.append(HeaderField(name: name, bytes: bytes))
            }
        }
        while index < header.endIndex {
            if header[index] == 0x0D, index + 1 < header.endIndex, header[index + 1] == 0x0A {
                let next = index + 2
                if next >= header.endIndex || (header[next] != 0x20 && header[next] != 0x09) {
                    finish(index)
                    start = next
                }
                index = next
                continue
            }
            index += 1
        }
        finish(header.endIndex)
        return fields
    }
}
