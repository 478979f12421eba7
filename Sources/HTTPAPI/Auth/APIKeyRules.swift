/// What the configuration says about API keys beyond the keys file: the senders each may use and its rate
/// limits. The rate limits are read at start (a change needs a restart); the senders reload on SIGHUP when the
/// server is given them as `keySenders`.
public struct APIKeyRules: Sendable {
    public var senders: APIKeySenders
    public var rateLimits: APIRateLimits

    public init(senders: APIKeySenders = APIKeySenders(), rateLimits: APIRateLimits = APIRateLimits()) {
        self.senders = senders
        self.rateLimits = rateLimits
    }
}
