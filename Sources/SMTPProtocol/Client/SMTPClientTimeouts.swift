/// How long the relay client waits for each step (RFC 5321 §4.5.3.2). The defaults are the RFC's; tests
/// and impatient operators shorten them.
public struct SMTPClientTimeouts: Hashable, Sendable {
    /// TCP connect (and, for implicit TLS, the handshake); not in the RFC, which leaves it to the client.
    public var connect: Duration
    /// The 220 greeting, and every reply outside a transaction (EHLO, STARTTLS, AUTH, RSET, QUIT).
    public var greeting: Duration
    public var mail: Duration
    public var rcpt: Duration
    /// The 354 after DATA.
    public var dataInitiation: Duration
    /// Each block of the body written to the server.
    public var dataBlock: Duration
    /// The reply to the final dot.
    public var dataTermination: Duration

    public init(
        connect: Duration = .seconds(30), greeting: Duration = .seconds(300), mail: Duration = .seconds(300),
        rcpt: Duration = .seconds(300), dataInitiation: Duration = .seconds(120), dataBlock: Duration = .seconds(180),
        dataTermination: Duration = .seconds(600)
    ) {
        self.connect = connect
        self.greeting = greeting
        self.mail = mail
        self.rcpt = rcpt
        self.dataInitiation = dataInitiation
        self.dataBlock = dataBlock
        self.dataTermination = dataTermination
    }
}
