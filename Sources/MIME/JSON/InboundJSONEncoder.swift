import Foundation

/// Serialises `InboundMessage` with sorted keys and unescaped slashes: byte-identical output for identical
/// input, which webhook signatures and receivers' dedupe rely on.
public struct InboundJSONEncoder: Sendable {
    public var prettyPrinted: Bool

    public init(prettyPrinted: Bool = false) {
        self.prettyPrinted = prettyPrinted
    }

    public func encode(_ message: InboundMessage) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }
}
