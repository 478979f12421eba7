/// Where a connection's secret comes from. Secrets stay in memory only (never in the queue).
public struct SMTPCredentialProvider: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// AUTH PLAIN or LOGIN.
        case password
        /// AUTH XOAUTH2 with a bearer token.
        case oauth2Token
    }

    public var kind: Kind
    /// Identifies the provider for equality (the closure cannot be compared): give providers that differ
    /// different names. Never the secret itself: upstreams are logged.
    public var name: String
    private let fetch: @Sendable () async throws -> String

    public init(kind: Kind, name: String, fetch: @escaping @Sendable () async throws -> String) {
        self.kind = kind
        self.name = name
        self.fetch = fetch
    }

    public static func password(_ password: String) -> SMTPCredentialProvider {
        SMTPCredentialProvider(kind: .password, name: "password") { password }
    }

    public func secret() async throws -> String { try await self.fetch() }

    public static func == (lhs: SMTPCredentialProvider, rhs: SMTPCredentialProvider) -> Bool {
        lhs.kind == rhs.kind && lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.kind)
        hasher.combine(self.name)
    }
}
