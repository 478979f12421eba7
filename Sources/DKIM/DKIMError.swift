/// Why a key could not be loaded or made, or a message signed.
public enum DKIMError: Error, Hashable, CustomStringConvertible {
    /// The PEM is not a private key OpenSSL can read (PKCS#8 or traditional RSA).
    case unreadableKey
    /// The key is not of the algorithm's type (an RSA key for ed25519-sha256, or the reverse).
    case keyAlgorithmMismatch(expected: DKIMAlgorithm)
    /// RSA keys under 1024 bits must not be used (RFC 8301).
    case keyTooSmall(bits: Int)
    /// The domain or selector is not a DNS name.
    case invalidName(String)
    /// The message has no header/body separator, or no From field to sign.
    case malformedMessage(String)
    /// OpenSSL failed where it should not (key generation, signing): the function that failed.
    case openSSL(String)

    public var description: String {
        switch self {
        case .unreadableKey: "the DKIM private key is not a PEM private key (PKCS#8 or RSA)"
        case .keyAlgorithmMismatch(let algorithm): "the DKIM key is not a key for \(algorithm.rawValue)"
        case .keyTooSmall(let bits): "the DKIM RSA key has \(bits) bits; at least 1024 are required (2048 recommended)"
        case .invalidName(let name): "\(name) is not a valid DKIM domain or selector"
        case .malformedMessage(let reason): "the message cannot be signed: \(reason)"
        case .openSSL(let function): "OpenSSL failed in \(function)"
        }
    }
}
