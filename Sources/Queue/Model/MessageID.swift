/// Identifies one accepted message. Time-ordered (UUIDv7 layout) so that inserts land at the right
/// edge of the primary-key B-tree instead of dirtying random pages on every group commit.
public struct MessageID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { self.rawValue }
}
