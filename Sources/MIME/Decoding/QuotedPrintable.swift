/// Quoted-printable (RFC 2045 §6.7) decoding, lenient the way mail clients are: lowercase hex is accepted, an
/// `=` that starts no valid escape stays literal, `=` before the end of a line (even with trailing blanks) is a
/// soft break, and line endings are kept as they are.
public enum QuotedPrintable {
    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        if let result = input.withContiguousStorageIfAvailable({ decode(buffer: $0, underscoreIsSpace: false) }) { return result }
        return Array(input).withUnsafeBufferPointer { decode(buffer: $0, underscoreIsSpace: false) }
    }

    /// The "Q" encoding of RFC 2047 differs only in `_` standing for a space.
    static func decodeQ<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        Array(input).withUnsafeBufferPointer { decode(buffer: $0, underscoreIsSpace: true) }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>, underscoreIsSpace: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count)
        let count = buffer.count
        var i = 0
        // Start of the run of spaces/tabs not yet written: trailing blanks before a line break are transport
        // padding (RFC 2045 rule 3) and are dropped.
        var blankStart = -1
        while i < count {
            let byte = buffer[i]
            switch byte {
            case UInt8(ascii: "="):
                if i + 2 < count, let high = hexValue(buffer[i + 1]), let low = hexValue(buffer[i + 2]) {
                    flushBlanks(&blankStart, i, buffer, &out)
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
                // Soft line break: "=" then optional blanks then CRLF, LF or end of input. Blanks before the
                // "=" are text, not trailing padding.
                flushBlanks(&blankStart, i, buffer, &out)
                var j = i + 1
                while j < count, buffer[j] == 0x20 || buffer[j] == 0x09 { j += 1 }
                if j == count {
                    blankStart = -1
                    i = j
                    continue
                }
                if buffer[j] == 0x0A {
                    blankStart = -1
                    i = j + 1
                    continue
                }
                if buffer[j] == 0x0D, j + 1 < count, buffer[j + 1] == 0x0A {
                    blankStart = -1
                    i = j + 2
                    continue
                }
                if buffer[j] == 0x0D, j + 1 == count {
                    blankStart = -1
                    i = j + 1
                    continue
                }
                flushBlanks(&blankStart, i, buffer, &out)
                out.append(byte)
                i += 1
            case 0x20, 0x09:
                if underscoreIsSpace {
                    out.append(byte)
                } else if blankStart < 0 {
                    blankStart = i
                }
                i += 1
            case 0x0D, 0x0A:
                blankStart = -1
                out.append(byte)
                i += 1
            case UInt8(ascii: "_") where underscoreIsSpace:
                out.append(0x20)
                i += 1
            default:
                flushBlanks(&blankStart, i, buffer, &out)
                out.append(byte)
                i += 1
            }
        }
        flushBlanks(&blankStart, count, buffer, &out)
        return out
    }

    @inline(__always)
    private static func flushBlanks(_ blankStart: inout Int, _ end: Int, _ buffer: UnsafeBufferPointer<UInt8>, _ out: inout [UInt8]) {
        guard blankStart >= 0 else { return }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[blankStart..<end]))
        blankStart = -1
    }
}
