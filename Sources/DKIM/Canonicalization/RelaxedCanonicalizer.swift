/// The "relaxed" header canonicalization of RFC 6376 §3.4.2, on bytes (the body's is `BodyCanonicalizer`).
enum RelaxedCanonicalizer {
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// One header field, as written (name, colon, value with its folding, without the final CRLF): name
    /// lowercased, the value unfolded, blank runs made one space, blanks around the colon and at the end removed;
    /// `name:value\r\n`.
    static func header(_ field: ArraySlice<UInt8>) -> [UInt8] {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(field.count + 2)
        var nameEnd = colon
        while nameEnd > field.startIndex, isBlank(field[nameEnd - 1]) { nameEnd -= 1 }
        for byte in field[field.startIndex..<nameEnd] {
            out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
        }
        out.append(UInt8(ascii: ":"))
        var pendingBlank = false
        var started = false
        for byte in field[(colon + 1)...] {
            if byte == 0x0D || byte == 0x0A { continue }
            if isBlank(byte) {
                pendingBlank = true
                continue
            }
            if pendingBlank && started { out.append(0x20) }
            pendingBlank = false
            started = true
            out.append(byte)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }

    /// The body: blanks at line ends removed, blank runs made one space, empty lines at the end removed, and a
    /// final CRLF when anything is left (`BodyCanonicalizer`, fed the whole body).
    static func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        DKIMCanonicalization.relaxed.body(body)
    }
}
