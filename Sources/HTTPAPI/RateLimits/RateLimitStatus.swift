/// Where a bucket stands after a decision, in the units of the `RateLimit-*` headers
/// (draft-ietf-httpapi-ratelimit-headers): whole units and whole seconds.
struct RateLimitStatus: Sendable, Hashable {
    var limit: Int
    var remaining: Int
    /// Seconds until the bucket is full again.
    var reset: Int
}
