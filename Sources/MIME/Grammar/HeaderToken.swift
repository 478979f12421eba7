/// A lexical token of a structured header field (RFC 5322 §3.2).
struct HeaderToken: Equatable {
    enum Kind: Equatable {
        case atom
        case quotedString
        case comment
        case domainLiteral
        case special(UInt8)
    }

    var kind: Kind
    /// The token's text: escapes inside quoted strings and comments resolved, delimiters removed.
    var text: [UInt8]
    /// Whether blanks or a comment separated this token from the one before, which decides the spacing of
    /// display names.
    var spaceBefore: Bool

    func isSpecial(_ byte: UInt8) -> Bool { kind == .special(byte) }
}
