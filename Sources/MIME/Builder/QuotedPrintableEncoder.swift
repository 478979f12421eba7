/// Quoted-printable (RFC 2045 §6.7) of text whose line breaks are CRLF: breaks stay literal, lines are cut with
/// soft breaks at 76 characters, `=`, controls, 8-bit bytes and blanks before a break are encoded.
enum QuotedPrintableEncoder {
    static func encode(_ normalized: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(normalized.count + normalized.count / 8)
        var column = 0
        var index = 0
        let count = normalized.count
        while index < count {
            let byte = normalized[index]
            if byte == 0x0D, index + 1 < count, normalized[index + 1] == 0x0A {
                out.append(contentsOf: [0x0D, 0x0A])
                column = 0
                index += 2
                continue
            }
            let endsLine = index + 1 == count || (normalized[index + 1] == 0x0D && index + 2 < count && normalized[index + 2] == 0x0A)
            let literal = (byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !endsLine)
            let width = literal ? 1 : 3
            // The last character of a line may use column 76; any other must leave room for the soft break.
            let limit = endsLine ? 76 : 75
            if column + width > limit {
                out.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                column = 0
            }
            if literal {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "="))
                HexDigits.append(byte, to: &out)
            }
            column += width
            index += 1
        }
        return out
    }
}
