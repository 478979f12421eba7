/// The `DKIM-Signature` field as it is hashed for its own verification: the value of `b=` removed, with the
/// whitespace around it (RFC 6376 §3.7), everything else as written so that either canonicalization applies.
enum SignatureFieldBytes {
    static func withoutSignature(_ field: ArraySlice<UInt8>) -> [UInt8] {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return Array(field) }
        var specStart = colon + 1
        while specStart <= field.endIndex {
            let specEnd = field[specStart...].firstIndex(of: UInt8(ascii: ";")) ?? field.endIndex
            if let equals = field[specStart..<specEnd].firstIndex(of: UInt8(ascii: "=")),
                DKIMTagList.trimmed(field[specStart..<equals]).elementsEqual([UInt8(ascii: "b")])
            {
                return Array(field[..<(equals + 1)]) + Array(field[specEnd...])
            }
            specStart = specEnd + 1
        }
        return Array(field)
    }
}
