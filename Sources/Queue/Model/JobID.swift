/// Identifies one delivery job. It stays the same across retries, so receivers can deduplicate
/// (the webhook `webhook-id` header is derived from it).
public struct JobID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { self.rawValue }
}
