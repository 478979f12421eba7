/// The two canonicalization algorithms of RFC 6376 §3.4, for the header (`c=` before the slash) or the body.
public enum DKIMCanonicalization: String, Sendable, Hashable, CaseIterable {
    case simple
    case relaxed

    /// One header field as written (name, colon, value with its folding, without the final CRLF), canonicalized
    /// and ending in CRLF.
    func header(_ field: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .simple: SimpleCanonicalizer.header(field)
        case .relaxed: RelaxedCanonicalizer.header(field)
        }
    }

    /// A whole body at once: the streaming canonicalizer fed one chunk.
    func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var canonicalizer = BodyCanonicalizer(self)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 2)
        canonicalizer.canonicalize(body, into: &out)
        canonicalizer.finish(into: &out)
        return out
    }
}
