/// The signing algorithms of RFC 6376 (rsa-sha256) and RFC 8463 (ed25519-sha256).
public enum DKIMAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rsaSHA256 = "rsa-sha256"
    case ed25519SHA256 = "ed25519-sha256"

    /// The `k=` tag of the DNS key record.
    var keyType: String {
        switch self {
        case .rsaSHA256: "rsa"
        case .ed25519SHA256: "ed25519"
        }
    }
}
