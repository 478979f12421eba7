/// A modifier RFC 7208 does not define (`name=macro-string`): kept for diagnostics, never evaluated.
public struct SPFUnknownModifier: Sendable, Equatable {
    public var name: String
    public var value: SPFMacroString

    public init(name: String, value: SPFMacroString) {
        self.name = name
        self.value = value
    }
}
