import SMTPProtocol

/// Settings shared by every upstream of one relay client.
public struct SMTPRelayClientConfiguration: Hashable, Sendable {
    /// The name sent in EHLO.
    public var heloName: String
    public var timeouts: SMTPClientTimeouts
    public var pool: SMTPConnectionPoolConfiguration
    /// How long a failed upstream is skipped before one relay probes it; doubles per failed probe.
    public var circuitBackOff: Duration
    public var maximumCircuitBackOff: Duration
    /// Only for loopback test servers: AUTH over a connection without TLS (`tlsMode: .none`).
    public var allowPlaintextAuth: Bool
    /// BDAT (RFC 3030) to servers offering CHUNKING and PIPELINING.
    public var chunking: Bool

    public init(
        heloName: String, timeouts: SMTPClientTimeouts = SMTPClientTimeouts(), pool: SMTPConnectionPoolConfiguration = SMTPConnectionPoolConfiguration(),
        circuitBackOff: Duration = .seconds(30), maximumCircuitBackOff: Duration = .seconds(600), allowPlaintextAuth: Bool = false,
        chunking: Bool = true
    ) {
        self.heloName = heloName
        self.timeouts = timeouts
        self.pool = pool
        self.circuitBackOff = circuitBackOff
        self.maximumCircuitBackOff = maximumCircuitBackOff
        self.allowPlaintextAuth = allowPlaintextAuth
        self.chunking = chunking
    }
}
