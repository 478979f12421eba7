/// The TLS parameters of the session a message arrived on.
public struct EnvelopeTLS: Sendable, Hashable, Codable {
    public var version: String
    public var cipher: String

    public init(version: String, cipher: String) {
        self.version = version
        self.cipher = cipher
    }
}
