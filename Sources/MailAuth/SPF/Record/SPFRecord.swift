/// A parsed `v=spf1` record: its directives in order and the two modifiers RFC 7208 §6 defines. Unknown
/// modifiers are checked for syntax and kept (§6: they MUST be ignored when evaluating).
public struct SPFRecord: Sendable, Equatable {
    public var directives: [SPFDirective]
    public var redirect: SPFMacroString?
    public var explanation: SPFMacroString?
    public var unknownModifiers: [SPFUnknownModifier]

    public init(directives: [SPFDirective], redirect: SPFMacroString? = nil, explanation: SPFMacroString? = nil, unknownModifiers: [SPFUnknownModifier] = []) {
        self.directives = directives
        self.redirect = redirect
        self.explanation = explanation
        self.unknownModifiers = unknownModifiers
    }
}
