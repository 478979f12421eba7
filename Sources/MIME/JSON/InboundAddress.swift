/// `{name, address}` in the inbound JSON; `name` is null when the header had no display name.
public struct InboundAddress: Sendable, Equatable, Codable {
    public var name: String?
    public var address: String

    public init(_ address: MailAddress) {
        self.name = address.name
        self.address = address.address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(address, forKey: .address)
    }
}
