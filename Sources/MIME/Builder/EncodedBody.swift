/// A part's content after transfer encoding: the `Content-Transfer-Encoding` value and the bytes, every line
/// CRLF-terminated (except possibly the last) and at most 998 octets (76 for quoted-printable and base64).
struct EncodedBody {
    enum TransferEncoding: String {
        case sevenBit = "7bit"
        case quotedPrintable = "quoted-printable"
        case base64
    }

    var encoding: TransferEncoding
    var bytes: [UInt8]

    /// Text with line endings normalised to CRLF (bare CR and bare LF included) and ending with a line break
    /// when not empty, as mail text is (Python's `set_content` does the same); then 7bit when that is safe
    /// (ASCII without NUL, lines of at most 998 octets), else the smaller of quoted-printable and base64.
    static func text(_ text: String) -> EncodedBody {
        let normalized = normalizedLines(Array(text.utf8))
        if isSevenBitSafe(normalized) { return EncodedBody(encoding: .sevenBit, bytes: normalized) }
        let quoted = QuotedPrintableEncoder.encode(normalized)
        if quoted.count <= base64Length(normalized.count) { return EncodedBody(encoding: .quotedPrintable, bytes: quoted) }
        return binary(normalized)
    }

    /// Base64 in lines of 76 characters.
    static func binary(_ data: [UInt8]) -> EncodedBody {
        var encoded = Base64.encode(data)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(base64Length(data.count))
        // Copied a line at a time: a byte at a time made attachments most of a send request's CPU.
        encoded.withUTF8 { utf8 in
            var start = 0
            while start < utf8.count {
                let end = min(start + 76, utf8.count)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
                bytes.append(0x0D)
                bytes.append(0x0A)
                start = end
            }
        }
        return EncodedBody(encoding: .base64, bytes: bytes)
    }

    static func base64Length(_ count: Int) -> Int {
        let characters = (count + 2) / 3 * 4
        return characters + (characters + 75) / 76 * 2
    }

    static func normalizedLines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32 + 2)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                out.append(contentsOf: [0x0D, 0x0A])
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                out.append(contentsOf: [0x0D, 0x0A])
            } else {
                out.append(byte)
            }
            index += 1
        }
        if !out.isEmpty, out.last != 0x0A { out.append(contentsOf: [0x0D, 0x0A]) }
        return out
    }

    static func isSevenBitSafe(_ normalized: [UInt8]) -> Bool {
        var lineLength = 0
        for byte in normalized {
            if byte == 0 || byte >= 0x80 { return false }
            if byte == 0x0A {
                lineLength = 0
            } else if byte != 0x0D {
                lineLength += 1
                if lineLength > 998 { return false }
            }
        }
        return true
    }
}
