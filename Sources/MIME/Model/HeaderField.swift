/// A header field decoded to text: unfolded, 8-bit bytes and encoded words decoded to UTF-8.
public struct HeaderField: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
