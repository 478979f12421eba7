/// What a bucket said about a request.
enum RateLimitDecision: Sendable, Hashable {
    case allowed(RateLimitStatus)
    /// Nothing was taken; `retryAfter` whole seconds until the request would fit (at least 1).
    case refused(RateLimitStatus, retryAfter: Int)

    var status: RateLimitStatus {
        switch self {
        case .allowed(let status), .refused(let status, _): status
        }
    }
}
