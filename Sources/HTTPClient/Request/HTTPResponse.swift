/// What came back: the final response's status and headers, and the body up to the configured limit.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// True when the receiver sent more than the limit; the rest was read and dropped.
    public var bodyTruncated: Bool
    /// "1.1" or "2".
    public var httpVersion: String
    /// The address actually connected to, e.g. "127.0.0.1".
    public var remoteAddress: String

    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.last { $0.name.lowercased() == lowered }?.value
    }
}
