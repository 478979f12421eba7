/// What a job does. Open set: the three Mailgate kinds are predefined, others may be added.
public struct JobKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { self.rawValue }

    /// POST a parsed inbound message to the route's webhook.
    public static let inboundDeliver: JobKind = "inbound.deliver"
    /// Relay an outbound message to the smarthost.
    public static let outboundRelay: JobKind = "outbound.relay"
    /// POST a delivery event to an event webhook.
    public static let eventDeliver: JobKind = "event.deliver"
}
