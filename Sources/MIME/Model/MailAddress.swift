/// A mailbox: display name (decoded, nil when absent) and address (`local@domain`, the local part quoted
/// only where RFC 5322 requires it).
public struct MailAddress: Sendable, Hashable, Codable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}
