/// The negotiated TLS parameters, recorded in the envelope.
public struct SMTPTLSInfo: Hashable, Sendable {
    public var version: String
    public var cipher: String

    public init(version: String, cipher: String) {
        self.version = version
        self.cipher = cipher
    }
}
