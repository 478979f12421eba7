/// One header field as it arrived: the name, and the value unfolded (RFC 5322 §2.2.3) but not yet decoded,
/// because its charset is only known once the whole block has been read.
public struct RawHeaderField: Sendable, Equatable {
    public let name: String
    public var value: [UInt8]
    /// Lowercased name for lookups, computed once: fields are looked up many times per part.
    let key: String

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
        self.key = name.lowercased()
    }
}
