/// One HTTP request as the webhook workers make it: a bounded body in, a bounded body out.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", put = "PUT", delete = "DELETE", head = "HEAD"
    }

    public var method: Method
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// Time to establish the TCP connection and the TLS session.
    public var connectTimeout: Duration
    /// Time for the whole exchange, connection included.
    public var timeout: Duration
    /// Which addresses the host may resolve to; checked on the address actually connected to.
    public var destinationPolicy: DestinationPolicy

    public init(
        method: Method = .post, url: String, headers: [HTTPHeader] = [], body: [UInt8] = [],
        connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(15),
        destinationPolicy: DestinationPolicy = .publicOnly
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.destinationPolicy = destinationPolicy
    }
}
