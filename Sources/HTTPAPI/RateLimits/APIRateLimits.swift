/// `http.rate_limits`: the limits of each API key, a default and per-key overrides. A nil limit is no limit.
public struct APIRateLimits: Sendable, Hashable {
    public struct Limits: Sendable, Hashable {
        /// Requests of any kind to the `/v1` API.
        public var requests: RateLimit?
        /// Envelope recipients of sent messages.
        public var recipients: RateLimit?

        public init(requests: RateLimit? = nil, recipients: RateLimit? = nil) {
            self.requests = requests
            self.recipients = recipients
        }
    }

    public var defaults: Limits
    /// Already merged with the defaults: a key listed here has exactly these limits.
    public var keys: [String: Limits]

    public init(defaults: Limits = Limits(), keys: [String: Limits] = [:]) {
        self.defaults = defaults
        self.keys = keys
    }

    func limits(for key: String) -> Limits {
        keys[key] ?? defaults
    }
}
