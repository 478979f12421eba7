import Foundation

/// Finds `cid:` URLs (RFC 2392) in an HTML body, so a caller can tell which attachments the HTML shows inline.
/// The HTML itself is left untouched.
enum CIDReferenceScanner {
    static func references(in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var found: [String] = []
        var seen = Set<String>()
        var i = 0
        while i + 4 <= bytes.count {
            if bytes[i] | 0x20 == UInt8(ascii: "c"), bytes[i + 1] | 0x20 == UInt8(ascii: "i"), bytes[i + 2] | 0x20 == UInt8(ascii: "d"),
                bytes[i + 3] == UInt8(ascii: ":"), i == 0 || !isURLByte(bytes[i - 1])
            {
                var j = i + 4
                while j < bytes.count, isURLByte(bytes[j]) { j += 1 }
                let raw = String(decoding: bytes[(i + 4)..<j], as: UTF8.self)
                let id = raw.removingPercentEncoding ?? raw
                if !id.isEmpty, seen.insert(id).inserted { found.append(id) }
                i = j
                continue
            }
            i += 1
        }
        return found
    }

    private static func isURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), 0x7F:
            return false
        default:
            return true
        }
    }
}
