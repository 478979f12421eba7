/// How the verifier finds keys: the TXT records at a name (`<selector>._domainkey.<domain>`). The DKIM module does
/// no I/O of its own; a resolver implements this (and caches), tests answer from an in-memory zone.
public protocol DKIMKeyLookup: Sendable {
    func txtRecords(at name: String) async -> DKIMKeyAnswer
}

/// What the DNS said. The difference matters: a missing key is a permanent error, a failed query a temporary one
/// (a signature is never failed for a DNS timeout).
public enum DKIMKeyAnswer: Sendable, Hashable {
    /// The TXT records found, each with its character-strings joined (RFC 6376 §3.6.2.2).
    case records([[UInt8]])
    /// The name exists but has no TXT record (NODATA).
    case noRecords
    /// NXDOMAIN.
    case nonexistentDomain
    /// A timeout, SERVFAIL or another answer that may differ if asked again.
    case temporaryFailure(String)
}
