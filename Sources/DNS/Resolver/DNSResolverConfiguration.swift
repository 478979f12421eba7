/// How the resolver reaches DNS and how much it remembers.
public struct DNSResolverConfiguration: Sendable, Equatable {
    /// Name servers in order; empty means those of /etc/resolv.conf (read by c-ares).
    public var servers: [DNSServerAddress]
    /// How long one try waits for an answer (c-ares doubles it for each round over the servers).
    public var timeout: Duration
    /// Tries per server before a query is a temporary failure.
    public var tries: Int
    /// Answers kept at most; the ones closest to expiry go first when it is full.
    public var cacheEntries: Int
    /// The longest time an answer is kept, whatever its TTL.
    public var maximumTTL: Duration

    public init(servers: [DNSServerAddress] = [], timeout: Duration = .seconds(2), tries: Int = 2, cacheEntries: Int = 10_000, maximumTTL: Duration = .seconds(86_400)) {
        self.servers = servers
        self.timeout = timeout
        self.tries = tries
        self.cacheEntries = cacheEntries
        self.maximumTTL = maximumTTL
    }
}
