/// One DNS answer as mail authentication reads it.
public enum DNSLookup<Value: Sendable & Equatable>: Sendable, Equatable {
    /// At least one record of the type asked for. `authenticated` is the AD bit of the answer: the resolver
    /// said it validated it with DNSSEC (only meaningful when the path to that resolver is trusted).
    case records([Value], authenticated: Bool)
    /// The name exists, with no record of this type (RCODE 0, no answer).
    case noData
    /// The name does not exist (RCODE 3).
    case nxDomain
    /// No answer could be had: timeout, SERVFAIL, REFUSED, an unreadable reply. The detail is for logs.
    case temporaryFailure(String)

    /// The records, or none for every other answer.
    public var values: [Value] {
        if case .records(let values, _) = self { return values }
        return []
    }

    /// "No data" and "no such name": what RFC 7208 §4.6.4 calls a void lookup.
    public var isVoid: Bool {
        switch self {
        case .noData, .nxDomain: return true
        case .records(let values, _): return values.isEmpty
        case .temporaryFailure: return false
        }
    }
}
