/// Which of a key's limits decided; the `limit` label of `mailgate_http_rate_limited_total`.
enum RateLimitKind: String, Sendable, Hashable {
    case requests
    case recipients
}
