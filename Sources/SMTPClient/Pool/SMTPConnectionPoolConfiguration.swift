/// Limits of the connections kept to one upstream.
public struct SMTPConnectionPoolConfiguration: Hashable, Sendable {
    /// Connections open (leased, idle or connecting) at most; further relays wait for one.
    public var maxConnections: Int
    /// A connection is closed (QUIT) after this many messages, so no session lives forever.
    public var maxMessagesPerConnection: Int
    /// An idle connection is closed after this long (servers drop idle sessions after a few minutes).
    public var idleTimeout: Duration

    public init(maxConnections: Int = 4, maxMessagesPerConnection: Int = 100, idleTimeout: Duration = .seconds(30)) {
        self.maxConnections = max(1, maxConnections)
        self.maxMessagesPerConnection = max(1, maxMessagesPerConnection)
        self.idleTimeout = idleTimeout
    }
}
