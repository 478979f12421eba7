import SMTPProtocol

/// One SMTP listener: where it binds, what kind of session it runs, and its connection limits.
public struct SMTPListenerSettings: Sendable {
    /// The configuration key, e.g. `smtp.submission`, used in logs and metrics.
    public var name: String
    public var address: String
    public var port: Int
    public var session: SMTPServerConfiguration
    public var maximumConnections: Int
    public var maximumConnectionsPerIP: Int
    /// How long sessions may take to finish their transaction on shutdown before they are closed.
    public var shutdownGrace: Duration
    /// Every connection starts with a PROXY protocol header (v1 or v2) naming the real client.
    public var proxyProtocol: Bool
    /// With `proxyProtocol`, the balancers whose header is believed; a connection from any other address is
    /// closed without a greeting (none listed: every connection is).
    public var proxyProtocolTrusted: [IPNetwork]
    /// How long a connection may take to send its PROXY header.
    public var proxyHeaderTimeout: Duration

    public init(
        name: String, address: String, port: Int, session: SMTPServerConfiguration,
        maximumConnections: Int = 10_000, maximumConnectionsPerIP: Int = 100, shutdownGrace: Duration = .seconds(20),
        proxyProtocol: Bool = false, proxyProtocolTrusted: [IPNetwork] = [], proxyHeaderTimeout: Duration = .seconds(10)
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.session = session
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerIP = maximumConnectionsPerIP
        self.shutdownGrace = shutdownGrace
        self.proxyProtocol = proxyProtocol
        self.proxyProtocolTrusted = proxyProtocolTrusted
        self.proxyHeaderTimeout = proxyHeaderTimeout
    }
}
