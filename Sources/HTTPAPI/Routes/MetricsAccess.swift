import Digests

/// Who may read `/metrics`: anyone who reaches the listener, or only a scraper presenting the configured bearer
/// token (`metrics.token_file`). Only the token's digest is kept, and a presented token is compared by digest in
/// constant time, so the answer's timing says nothing about how much of a guess was right.
public struct MetricsAccess: Sendable {
    private let tokenDigest: [UInt8]?

    /// Open to anyone who can connect (the default: the listener's address is the boundary).
    public static let open = MetricsAccess(tokenDigest: nil)

    private init(tokenDigest: [UInt8]?) {
        self.tokenDigest = tokenDigest
    }

    /// Only requests with `Authorization: Bearer <token>`.
    public init(token: String) {
        self.tokenDigest = Self.digest(token)
    }

    public var requiresToken: Bool { tokenDigest != nil }

    /// Whether a request with this `Authorization` field value may read the metrics.
    func admits(authorization: String?) -> Bool {
        guard let tokenDigest else { return true }
        guard let authorization, let token = APIKeyMiddleware.bearerToken(authorization) else { return false }
        let presented = Self.digest(token)
        var difference: UInt8 = 0
        for (a, b) in zip(presented, tokenDigest) { difference |= a ^ b }
        return difference == 0
    }

    private static func digest(_ token: String) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(Array(token.utf8))
        return hasher.finalize()
    }
}
