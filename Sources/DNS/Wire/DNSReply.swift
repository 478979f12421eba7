/// What the resolver needs of one reply: the RCODE, the AD bit, the records answering the question (CNAMEs
/// followed), how long they may be cached, and for an empty answer the negative-caching time from the SOA in
/// the authority section (RFC 2308 §5: the smaller of the SOA's TTL and its MINIMUM).
public struct DNSReply: Sendable, Equatable {
    public var responseCode: UInt8
    public var authenticated: Bool
    public var records: [DNSRecordData]
    /// The smallest TTL of the records used (the answers and the CNAMEs leading to them).
    public var ttl: UInt32?
    public var negativeTTL: UInt32?

    public init(responseCode: UInt8, authenticated: Bool, records: [DNSRecordData], ttl: UInt32?, negativeTTL: UInt32?) {
        self.responseCode = responseCode
        self.authenticated = authenticated
        self.records = records
        self.ttl = ttl
        self.negativeTTL = negativeTTL
    }

    public static let noError: UInt8 = 0
    public static let nameError: UInt8 = 3
}
