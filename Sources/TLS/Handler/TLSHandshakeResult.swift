/// How a server-side handshake ended, as the `result` label of the handshake counters (SMTP and HTTP) names it.
public enum TLSHandshakeResult: String, Sendable {
    case success, failure, timeout, eof, plaintext

    /// What a failure reported through `errorCaught` says of the handshake; nil for any other error (one after the
    /// handshake, or not the TLS module's).
    public init?(failure error: any Error) {
        switch error as? TLSError {
        case .handshakeFailed, .certificateVerificationFailed: self = .failure
        case .handshakeTimeout: self = .timeout
        case .eofDuringHandshake: self = .eof
        case .plaintextInsteadOfHandshake: self = .plaintext
        default: return nil
        }
    }
}
