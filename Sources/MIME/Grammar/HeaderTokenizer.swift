/// Splits a structured header value into atoms, quoted strings, comments, domain literals and specials.
/// Unterminated quotes and comments run to the end instead of failing; one pass, so linear in the input.
enum HeaderTokenizer {
    /// RFC 5322 specials, minus `.`, which is kept inside atoms so dot-atoms and obsolete dotted phrases stay whole.
    static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "@"), UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    static func tokenize(_ text: String) -> [HeaderToken] {
        let bytes = Array(text.utf8)
        var tokens: [HeaderToken] = []
        var i = 0
        let count = bytes.count
        var space = false
        while i < count {
            let byte = bytes[i]
            switch byte {
            case 0x20, 0x09, 0x0D, 0x0A:
                space = true
                i += 1
            case UInt8(ascii: "\""):
                var text: [UInt8] = []
                i += 1
                while i < count, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < count { i += 1 }
                    if bytes[i] != 0x0D && bytes[i] != 0x0A { text.append(bytes[i]) }
                    i += 1
                }
                i += 1
                tokens.append(HeaderToken(kind: .quotedString, text: text, spaceBefore: space))
                space = false
            case UInt8(ascii: "("):
                var text: [UInt8] = []
                var depth = 1
                i += 1
                while i < count {
                    let c = bytes[i]
                    if c == UInt8(ascii: "\\"), i + 1 < count {
                        text.append(bytes[i + 1])
                        i += 2
                        continue
                    }
                    if c == UInt8(ascii: "(") { depth += 1 }
                    if c == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    text.append(c)
                    i += 1
                }
                i += 1
                tokens.append(HeaderToken(kind: .comment, text: text, spaceBefore: space))
                space = true
            case UInt8(ascii: "["):
                var text: [UInt8] = []
                i += 1
                while i < count, bytes[i] != UInt8(ascii: "]") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < count { i += 1 }
                    text.append(bytes[i])
                    i += 1
                }
                i += 1
                tokens.append(HeaderToken(kind: .domainLiteral, text: text, spaceBefore: space))
                space = false
            default:
                if isSpecial(byte) {
                    tokens.append(HeaderToken(kind: .special(byte), text: [byte], spaceBefore: space))
                    space = false
                    i += 1
                    continue
                }
                let start = i
                while i < count {
                    let c = bytes[i]
                    if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || isSpecial(c) { break }
                    i += 1
                }
                tokens.append(HeaderToken(kind: .atom, text: Array(bytes[start..<i]), spaceBefore: space))
                space = false
            }
        }
        return tokens
    }
}
