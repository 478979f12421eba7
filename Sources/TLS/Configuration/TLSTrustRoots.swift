/// The CA certificates a peer's chain must lead to.
public enum TLSTrustRoots: Sendable, Hashable {
    /// The system store (`SSL_CTX_set_default_verify_paths`: OPENSSLDIR, `SSL_CERT_FILE`, `SSL_CERT_DIR`).
    case system
    /// A PEM file holding one or more CA certificates.
    case file(String)
}
