import HTTPTypes

/// The `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` fields of
/// draft-ietf-httpapi-ratelimit-headers (the three-field form), and `Retry-After` on a refusal.
enum RateLimitHeaders {
    static let limit = HTTPField.Name("RateLimit-Limit")!
    static let remaining = HTTPField.Name("RateLimit-Remaining")!
    static let reset = HTTPField.Name("RateLimit-Reset")!

    static func fields(_ status: RateLimitStatus) -> HTTPFields {
        [limit: String(status.limit), remaining: String(status.remaining), reset: String(status.reset)]
    }

    /// The 429 for a refused decision, nil for an allowed one.
    static func refusal(_ decision: RateLimitDecision, kind: RateLimitKind) -> APIError? {
        guard case .refused(let status, let retryAfter) = decision else { return nil }
        var headers = fields(status)
        headers[.retryAfter] = String(retryAfter)
        let message =
            switch kind {
            case .requests: "this API key is over its limit of \(status.limit) requests per second"
            case .recipients: "this API key is over its limit of \(status.limit) recipients per hour, or this message has more"
            }
        return APIError(status: .tooManyRequests, code: "rate_limited", message: message, headers: headers)
    }
}
