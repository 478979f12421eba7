import MIME

/// Base64 in a tag value (`b=`, `bh=`, `p=`): folding whitespace anywhere is ignored (RFC 6376 §3.5), but anything
/// else outside the alphabet makes the value invalid, unlike `MIME.Base64`'s tolerant decoding of bodies, which
/// this one uses once the value is known to be clean.
enum DKIMBase64 {
    /// The decoded bytes, or nil when the value is not base64: a byte outside the alphabet, padding before the
    /// end or more than two of it, or a length that is not a multiple of four.
    static func decode(_ value: String) -> [UInt8]? {
        var clean: [UInt8] = []
        clean.reserveCapacity(value.utf8.count)
        var padding = 0
        for byte in value.utf8 {
            if DKIMTagList.isWhitespace(byte) { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
            } else {
                let isAlphabet = (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2F
                guard isAlphabet, padding == 0 else { return nil }
            }
            clean.append(byte)
        }
        guard padding <= 2, clean.count % 4 == 0 else { return nil }
        return Base64.decode(clean)
    }
}
