/// The TLS session an inbound message arrived over.
public struct InboundTLSInfo: Sendable, Equatable, Codable {
    public var version: String
    public var cipher: String

    public init(version: String, cipher: String) {
        self.version = version
        self.cipher = cipher
    }
}
