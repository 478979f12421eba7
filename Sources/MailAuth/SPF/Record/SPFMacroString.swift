/// A macro-string (RFC 7208 §7.1) parsed into literal text and macros; `%%`, `%_` and `%-` are literal text
/// already (`%`, a space, `%20`), but remembered as macro-expands for the domain-end rule.
public struct SPFMacroString: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case macro(SPFMacro)
        /// `%%`, `%_` or `%-`, with the text it stands for.
        case escape(String)
    }

    public var parts: [Part]
    /// As written in the record.
    public var text: String

    public init(parts: [Part], text: String) {
        self.parts = parts
        self.text = text
    }

    public var usesValidatedName: Bool {
        parts.contains { if case .macro(let macro) = $0 { return macro.letter == .validatedName } else { return false } }
    }
}
