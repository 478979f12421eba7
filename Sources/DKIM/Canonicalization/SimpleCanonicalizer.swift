/// The "simple" header canonicalization of RFC 6376 §3.4.1: the field exactly as written. (The simple body
/// canonicalization is `BodyCanonicalizer`, shared with relaxed.)
enum SimpleCanonicalizer {
    /// One header field as written, without its final CRLF: the same bytes with CRLF.
    static func header(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var out = Array(field)
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }
}
