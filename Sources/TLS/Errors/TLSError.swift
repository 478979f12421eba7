/// Every failure the TLS module reports, through `errorCaught`, failed promises and throwing initialisers.
public enum TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The handshake failed for a reason other than certificate verification (no shared cipher or
    /// version, peer alert, malformed record...). The entries are OpenSSL's error queue at the time.
    case handshakeFailed([OpenSSLErrorEntry])
    /// The peer's certificate was refused.
    case certificateVerificationFailed(TLSCertificateVerificationFailure)
    /// The connection closed before the handshake finished.
    case eofDuringHandshake
    /// The handshake did not finish within `TLSConfiguration.handshakeTimeout`.
    case handshakeTimeout
    /// The connection closed after the handshake without the peer's close_notify: data may be truncated.
    case uncleanShutdown
    /// A TLS failure after the handshake (bad record MAC, unexpected message...).
    case protocolError([OpenSSLErrorEntry])
    /// Server mode: the first bytes after the upgrade were not a TLS handshake record (a client that kept
    /// talking plaintext SMTP, or pipelined commands that arrived after the 220 reply).
    case plaintextInsteadOfHandshake
    /// A certificate chain could not be read or used.
    case certificateLoadFailed(source: String, [OpenSSLErrorEntry])
    /// A private key could not be read, or it does not match the certificate.
    case privateKeyLoadFailed(source: String, [OpenSSLErrorEntry])
    /// The configuration cannot be turned into a context (bad cipher string, missing CA file...).
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .handshakeFailed(let errors): "TLS handshake failed: \(Self.join(errors))"
        case .certificateVerificationFailed(let failure): "TLS certificate verification failed: \(failure)"
        case .eofDuringHandshake: "connection closed during the TLS handshake"
        case .handshakeTimeout: "TLS handshake timed out"
        case .uncleanShutdown: "connection closed without TLS close_notify"
        case .protocolError(let errors): "TLS protocol error: \(Self.join(errors))"
        case .plaintextInsteadOfHandshake: "plaintext received where a TLS handshake was expected"
        case .certificateLoadFailed(let source, let errors): "cannot load certificate \(source): \(Self.join(errors))"
        case .privateKeyLoadFailed(let source, let errors): "cannot load private key \(source): \(Self.join(errors))"
        case .invalidConfiguration(let reason): "invalid TLS configuration: \(reason)"
        }
    }

    private static func join(_ errors: [OpenSSLErrorEntry]) -> String {
        errors.isEmpty ? "no OpenSSL error recorded" : errors.map(\.message).joined(separator: "; ")
    }
}
