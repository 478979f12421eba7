/// Settings shared by every request of one client.
public struct HTTPClientConfiguration: Sendable {
    /// PEM bundle of trusted CAs; nil means the system trust store.
    public var caFile: String?
    /// A PEM certificate the server must present itself: it is the only trust anchor and the name in the URL is
    /// not compared with it. For a client that already holds the server's certificate and reaches it by an
    /// address the certificate does not name: the health probe asking its own gateway over loopback.
    public var pinnedCertificateFile: String?
    /// PEM client certificate and key for mutual TLS.
    public var clientCertificateFile: String?
    public var clientKeyFile: String?
    /// Response bodies beyond this are read and dropped (webhook receivers' replies are only logged).
    public var maxResponseBodyBytes: Int
    public var maxConnectionsPerHost: Int
    public var userAgent: String
    /// An `http://` proxy every request is tunnelled through (`CONNECT`), to the address the destination
    /// policy checked. nil: direct connections. The `*_proxy` environment variables are never used.
    public var proxy: String?

    public init(
        caFile: String? = nil, pinnedCertificateFile: String? = nil, clientCertificateFile: String? = nil, clientKeyFile: String? = nil,
        maxResponseBodyBytes: Int = 64 * 1024, maxConnectionsPerHost: Int = 16, userAgent: String, proxy: String? = nil
    ) {
        self.caFile = caFile
        self.pinnedCertificateFile = pinnedCertificateFile
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
        self.maxResponseBodyBytes = maxResponseBodyBytes
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.userAgent = userAgent
        self.proxy = proxy
    }
}
