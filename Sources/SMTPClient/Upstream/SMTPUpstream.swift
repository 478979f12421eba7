import SMTPProtocol

/// One smarthost the relay client may hand messages to.
public struct SMTPUpstream: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var tlsMode: SMTPClientTLSMode
    /// PEM file of the CA certificates the server's chain must lead to; nil means the system trust store.
    public var caFile: String?
    /// The name the certificate must carry (and SNI); defaults to `host`.
    public var tlsServerName: String?
    public var username: String?
    /// Asked once per connection, so rotated passwords and short-lived OAuth tokens are picked up.
    public var credentials: SMTPCredentialProvider?
    /// Lower is tried first; upstreams of equal priority share the load.
    public var priority: Int

    public init(
        host: String, port: Int, tlsMode: SMTPClientTLSMode = .startTLS, caFile: String? = nil, tlsServerName: String? = nil,
        username: String? = nil, credentials: SMTPCredentialProvider? = nil, priority: Int = 0
    ) {
        self.host = host
        self.port = port
        self.tlsMode = tlsMode
        self.caFile = caFile
        self.tlsServerName = tlsServerName
        self.username = username
        self.credentials = credentials
        self.priority = priority
    }

    /// `host:port`, as recorded in delivery events and metric labels.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}
