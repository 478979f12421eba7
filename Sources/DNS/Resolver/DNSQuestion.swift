/// A name and a type: the cache's key. Names compare without case and without the final dot.
public struct DNSQuestion: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: DNSRecordType

    public init(name: String, type: DNSRecordType) {
        var text = name.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        self.name = text
        self.type = type
    }

    public var description: String { "\(name) \(type)" }
}
