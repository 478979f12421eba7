/// Why a request got no HTTP response. A response with any status, 5xx included, is not an error.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRequest(String)
    /// The host resolved to an address the request's policy forbids (loopback, private, link-local…).
    case destinationRefused(address: String, reason: String)
    case couldNotResolve(String)
    case couldNotConnect(String)
    case timedOut(String)
    /// Certificate verification or the TLS handshake failed.
    case tls(String)
    case cancelled
    case shutDown
    /// Any other transport failure, with libcurl's code and message.
    case transport(code: Int, message: String)

    public var description: String {
        switch self {
        case .invalidRequest(let detail): "invalid request: \(detail)"
        case .destinationRefused(let address, let reason): "destination \(address) refused: \(reason)"
        case .couldNotResolve(let detail): "could not resolve host: \(detail)"
        case .couldNotConnect(let detail): "could not connect: \(detail)"
        case .timedOut(let detail): "timed out: \(detail)"
        case .tls(let detail): "TLS failure: \(detail)"
        case .cancelled: "cancelled"
        case .shutDown: "the HTTP client is shut down"
        case .transport(let code, let message): "transport error \(code): \(message)"
        }
    }
}
