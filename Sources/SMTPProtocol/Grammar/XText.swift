/// RFC 3461 section 4 xtext: printable ASCII except `+` and `=`, everything else as `+HH`.
public enum XText {
    public static func decode<C: Collection>(_ bytes: C) -> [UInt8]? where C.Element == UInt8 {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
                else { return nil }
                output.append(high << 4 | low)
            } else if byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=") {
                output.append(byte)
            } else {
                return nil
            }
        }
        return output
    }

    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in bytes {
            if byte >= 33 && byte <= 126 && byte != UInt8(ascii: "+") && byte != UInt8(ascii: "=") {
                output.append(byte)
            } else {
                output.append(contentsOf: [UInt8(ascii: "+"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3461 requires upper-case hex digits; lower case is accepted because being lenient here is harmless.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
