/// RFC 4616 `[authzid] NUL authcid NUL passwd`.
public struct SASLPlainResponse: Hashable, Sendable {
    public var authorizationIdentity: String?
    public var authenticationIdentity: String
    public var password: String

    public init(authorizationIdentity: String?, authenticationIdentity: String, password: String) {
        self.authorizationIdentity = authorizationIdentity
        self.authenticationIdentity = authenticationIdentity
        self.password = password
    }

    /// Nil unless there are exactly three fields, the last two non-empty, all UTF-8.
    public init?(decoding bytes: [UInt8]) {
        let fields = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[1].isEmpty, !fields[2].isEmpty, !fields[2].contains(0),
            let authzid = String(validating: fields[0], as: UTF8.self),
            let authcid = String(validating: fields[1], as: UTF8.self),
            let password = String(validating: fields[2], as: UTF8.self)
        else { return nil }
        self.init(authorizationIdentity: authzid.isEmpty ? nil : authzid, authenticationIdentity: authcid, password: password)
    }

    public var encoded: [UInt8] {
        Array((self.authorizationIdentity ?? "").utf8) + [0] + Array(self.authenticationIdentity.utf8) + [0]
            + Array(self.password.utf8)
    }
}
