import HTTPAPI

/// Turns `http.key_senders` and `http.rate_limits` into the HTTP side's runtime values.
enum APIKeyRulesFactory {
    static func rules(_ settings: HTTPSettings) -> APIKeyRules {
        APIKeyRules(
            senders: APIKeySenders(SenderRule.patternsByOwner(settings.keySenders)),
            rateLimits: APIRateLimits(
                defaults: limits(settings.rateLimits.defaults), keys: settings.rateLimits.keys.mapValues(limits)))
    }

    /// 0 is no limit.
    static func limits(_ settings: RateLimitSettings.Limits) -> APIRateLimits.Limits {
        APIRateLimits.Limits(
            requests: settings.requestsPerSecond > 0 ? .perSecond(settings.requestsPerSecond) : nil,
            recipients: settings.recipientsPerHour > 0 ? .perHour(settings.recipientsPerHour) : nil)
    }
}
