/// A decoded PROXY protocol header (HAProxy's `proxy-protocol.txt`, versions 1 and 2): who the client
/// really is when a load balancer sits between it and us.
public struct ProxyHeader: Hashable, Sendable {
    public enum Version: Int, Hashable, Sendable {
        case v1 = 1
        case v2 = 2
    }

    public var version: Version
    /// The original client and the address it connected to; nil for v1 `UNKNOWN`, v2 `LOCAL` and v2
    /// unspecified families, where the spec says to use the connection's own endpoints.
    public var source: ProxyEndpoint?
    public var destination: ProxyEndpoint?

    public init(version: Version, source: ProxyEndpoint?, destination: ProxyEndpoint?) {
        self.version = version
        self.source = source
        self.destination = destination
    }
}
