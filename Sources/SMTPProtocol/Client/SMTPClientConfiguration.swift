/// Settings of one relay client session.
public struct SMTPClientConfiguration: Hashable, Sendable {
    public var heloName: String
    public var tlsMode: SMTPClientTLSMode
    public var username: String?
    public var password: String?
    /// Credentials are never sent over plaintext unless this is set.
    public var allowPlaintextAuth: Bool

    public init(
        heloName: String, tlsMode: SMTPClientTLSMode, username: String? = nil, password: String? = nil,
        allowPlaintextAuth: Bool = false
    ) {
        self.heloName = heloName
        self.tlsMode = tlsMode
        self.username = username
        self.password = password
        self.allowPlaintextAuth = allowPlaintextAuth
    }
}
