/// How the relay client secures its connection to the smarthost.
public enum SMTPClientTLSMode: Hashable, Sendable {
    /// TLS from the first byte (port 465); the handler establishes it before the greeting.
    case implicit
    /// STARTTLS is required; a server that does not offer it fails the session.
    case startTLS
    /// Only for tests and loopback smarthosts: no TLS, and AUTH only if `allowPlaintextAuth`.
    case none
}
