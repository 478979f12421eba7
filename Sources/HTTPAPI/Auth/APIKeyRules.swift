/// What the configuration says about API keys beyond the keys file: the senders each may use and its rate
/// limits. Read at start; a change needs a restart (the keys file itself reloads on SIGHUP).
public struct APIKeyRules: Sendable {
    public var senders: APIKeySenders
    public var rateLimits: APIRateLimits

    public init(senders: APIKeySenders = APIKeySenders(), rateLimits: APIRateLimits = APIRateLimits()) {
        self.senders = senders
        self.rateLimits = rateLimits
    }
}
