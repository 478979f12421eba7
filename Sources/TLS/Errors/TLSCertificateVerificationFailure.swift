import COpenSSL

/// Why the peer's certificate was refused. The common operator mistakes (wrong CA, expired certificate,
/// wrong host name) are separate cases so logs and SMTP replies can say which one it was.
public enum TLSCertificateVerificationFailure: Sendable, Hashable, CustomStringConvertible {
    /// The chain does not lead to a configured trust anchor (wrong CA, missing intermediate, self-signed).
    case untrustedIssuer(reason: String)
    case expired
    case notYetValid
    /// The certificate is valid but not for the name (or IP address) we connected to.
    case hostnameMismatch
    case revoked
    /// The peer presented no certificate although one was required.
    case noPeerCertificate
    /// Pinned verification: the peer's public key is not one of the configured pins.
    case publicKeyPinMismatch
    /// Any other `X509_V_ERR_*` code, with OpenSSL's text for it.
    case other(code: Int, reason: String)

    init(x509VerifyResult code: Int) {
        let reason = String(cString: X509_verify_cert_error_string(code))
        switch Int32(truncatingIfNeeded: code) {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            self = .expired
        case X509_V_ERR_CERT_NOT_YET_VALID:
            self = .notYetValid
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
            self = .hostnameMismatch
        case X509_V_ERR_CERT_REVOKED:
            self = .revoked
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_CERT_UNTRUSTED:
            self = .untrustedIssuer(reason: reason)
        default:
            self = .other(code: code, reason: reason)
        }
    }

    public var description: String {
        switch self {
        case .untrustedIssuer(let reason): "certificate not issued by a trusted CA (\(reason))"
        case .expired: "certificate has expired"
        case .notYetValid: "certificate is not yet valid"
        case .hostnameMismatch: "certificate does not match the host name"
        case .revoked: "certificate has been revoked"
        case .noPeerCertificate: "peer sent no certificate"
        case .publicKeyPinMismatch: "peer public key does not match any configured pin"
        case .other(let code, let reason): "certificate verification failed (\(code): \(reason))"
        }
    }
}
