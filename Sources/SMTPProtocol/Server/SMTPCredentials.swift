/// Credentials from a completed SASL exchange, for the caller to verify asynchronously.
public struct SMTPCredentials: Hashable, Sendable, CustomStringConvertible {
    public var mechanism: SMTPAuthMechanism
    /// PLAIN's authzid; nil when empty. Whether a user may act for another is the verifier's decision.
    public var authorizationIdentity: String?
    public var username: String
    public var password: String

    public init(mechanism: SMTPAuthMechanism, authorizationIdentity: String? = nil, username: String, password: String) {
        self.mechanism = mechanism
        self.authorizationIdentity = authorizationIdentity
        self.username = username
        self.password = password
    }

    /// Never prints the password, so credentials can be logged by accident without leaking it.
    public var description: String { "SMTPCredentials(\(self.mechanism), username: \(self.username))" }
}
