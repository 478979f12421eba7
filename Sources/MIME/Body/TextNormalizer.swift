/// Line endings of displayed text normalised to LF, and a leading byte-order mark dropped: the transport's CRLF
/// is no part of the text. Works on the UTF-8 bytes: this runs over every displayed body.
enum TextNormalizer {
    static func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var start = 0
            if utf8.count >= 3, utf8[0] == 0xEF, utf8[1] == 0xBB, utf8[2] == 0xBF { start = 3 }
            let body = UnsafeBufferPointer(rebasing: utf8[start...])
            guard let base = body.baseAddress, memchrPointer(base, 0x0D, body.count) != nil else {
                return start == 0 ? String(decoding: utf8, as: UTF8.self) : String(decoding: body, as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: body.count) { out in
                var written = 0
                var i = 0
                while i < body.count {
                    let byte = body[i]
                    if byte == 0x0D {
                        out[written] = 0x0A
                        if i + 1 < body.count, body[i + 1] == 0x0A { i += 1 }
                    } else {
                        out[written] = byte
                    }
                    written += 1
                    i += 1
                }
                return written
            }
        }
    }
}
