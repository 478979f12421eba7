/// Why a listener cannot run.
public enum SMTPListenerError: Error, CustomStringConvertible {
    case noTLSContext(listener: String)

    public var description: String {
        switch self {
        case .noTLSContext(let listener): "\(listener) needs a TLS certificate"
        }
    }
}
