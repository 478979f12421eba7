import SMTPProtocol
import TLS

/// Why a connection to one upstream could not be used.
public enum SMTPConnectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// TCP connect failed or timed out (refused, unreachable, no address).
    case connectFailed(String)
    /// The TLS handshake failed: certificate not trusted, wrong host name, protocol too old, ...
    case tls(TLSError)
    /// The TLS context could not be built (unreadable `caFile`).
    case tlsConfiguration(TLSError)
    /// The credential provider failed.
    case credentialsUnavailable(String)
    /// The SMTP conversation failed (greeting, EHLO, STARTTLS not offered, AUTH, a timeout, a dropped line).
    case session(SMTPClientError)
    /// The message body could not be read; the transaction was abandoned before its final dot.
    case bodyUnavailable(String)
    /// The pool is shutting down.
    case shutDown

    public var description: String {
        switch self {
        case .connectFailed(let reason): return "connect failed: \(reason)"
        case .tls(let error): return "TLS failed: \(error)"
        case .tlsConfiguration(let error): return "TLS configuration: \(error)"
        case .credentialsUnavailable(let reason): return "credentials unavailable: \(reason)"
        case .session(let error): return "session failed: \(error)"
        case .bodyUnavailable(let reason): return "message body unavailable: \(reason)"
        case .shutDown: return "relay client shut down"
        }
    }
}
