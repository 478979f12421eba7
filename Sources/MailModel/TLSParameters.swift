/// The negotiated TLS parameters of a connection, as the envelope records them (the inbound JSON's
/// `envelope.tls`, the `Received:` header). The TLS module's handshake report carries them too.
public struct TLSParameters: Sendable, Hashable, Codable {
    /// `TLSv1.2` or `TLSv1.3`, as OpenSSL names it.
    public var version: String
    /// OpenSSL cipher name, e.g. `TLS_AES_256_GCM_SHA384`.
    public var cipher: String

    public init(version: String, cipher: String) {
        self.version = version
        self.cipher = cipher
    }
}
