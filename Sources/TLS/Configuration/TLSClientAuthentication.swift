/// Whether a server asks clients for a certificate.
public enum TLSClientAuthentication: Sendable, Hashable {
    case none
    /// Ask for a certificate signed by these roots; a client without one is still accepted, a client with a
    /// bad one is refused.
    case optional(TLSTrustRoots)
    /// Refuse clients that do not present a certificate signed by these roots.
    case required(TLSTrustRoots)
}
