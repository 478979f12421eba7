/// Settings of one relay client session.
public struct SMTPClientConfiguration: Hashable, Sendable {
    public var heloName: String
    public var tlsMode: SMTPClientTLSMode
    public var username: String?
    public var password: String?
    /// An OAuth 2 bearer token for AUTH XOAUTH2 (with `username`); used instead of the password when the
    /// server offers XOAUTH2. Tokens expire, so it is set per connection.
    public var oauth2Token: String?
    /// Credentials are never sent over plaintext unless this is set.
    public var allowPlaintextAuth: Bool
    public var timeouts: SMTPClientTimeouts
    /// Send bodies with BDAT (RFC 3030) when the server offers CHUNKING and PIPELINING: no dot-stuffing,
    /// and the body's bytes go out exactly as given. Off, DATA is used everywhere.
    public var chunking: Bool

    public init(
        heloName: String, tlsMode: SMTPClientTLSMode, username: String? = nil, password: String? = nil,
        oauth2Token: String? = nil, allowPlaintextAuth: Bool = false, timeouts: SMTPClientTimeouts = SMTPClientTimeouts(),
        chunking: Bool = false
    ) {
        self.heloName = heloName
        self.tlsMode = tlsMode
        self.username = username
        self.password = password
        self.oauth2Token = oauth2Token
        self.allowPlaintextAuth = allowPlaintextAuth
        self.timeouts = timeouts
        self.chunking = chunking
    }
}
