/// `http.rate_limits`: per API key, requests per second and envelope recipients per hour; a default for every
/// key and overrides by key name. 0 is no limit.
public struct RateLimitSettings: Sendable, Equatable {
    public struct Limits: Sendable, Equatable {
        public var requestsPerSecond: Int
        public var recipientsPerHour: Int
    }

    public var defaults: Limits
    /// Per key name; a value a key's entry leaves out is the default's.
    public var keys: [String: Limits]

    static let maximum = 1_000_000_000

    init(reading reader: inout SettingsReader) {
        let prefix = "http.rate_limits"
        defaults = Limits(
            requestsPerSecond: reader.int("\(prefix).requests_per_second", default: 0, range: 0...Self.maximum),
            recipientsPerHour: reader.int("\(prefix).recipients_per_hour", default: 0, range: 0...Self.maximum))
        keys = [:]
        for index in 0..<reader.itemCount("\(prefix).keys") {
            let item = "\(prefix).keys.\(index)"
            let name = reader.optionalString("\(item).key") ?? ""
            if name.isEmpty { reader.report("\(item).key", "every rate limit names a key", at: reader.location(of: item)) }
            let limits = Limits(
                requestsPerSecond: reader.int("\(item).requests_per_second", default: defaults.requestsPerSecond, range: 0...Self.maximum),
                recipientsPerHour: reader.int("\(item).recipients_per_hour", default: defaults.recipientsPerHour, range: 0...Self.maximum))
            if keys.updateValue(limits, forKey: name) != nil, !name.isEmpty {
                reader.report("\(item).key", "key \(name) has two rate limits")
            }
        }
    }
}
