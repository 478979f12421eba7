/// How a client checks the server it connects to. Anything weaker than `.fullVerification` must be asked for
/// explicitly: it is never a fallback.
public enum TLSPeerVerification: Sendable, Hashable {
    /// Chain to the trust roots and host name (`X509_VERIFY_PARAM_set1_host`, or the IP address).
    case fullVerification
    /// Accept exactly these public keys: SHA-256 of the DER SubjectPublicKeyInfo (as HPKP / DANE 3 1 1).
    /// Chain and host name are not checked, which makes this usable with self-signed smarthosts.
    case pinnedPublicKeys(Set<[UInt8]>)
    /// No verification at all. Only for tests and explicit operator opt-in.
    case insecureNoVerification
}
