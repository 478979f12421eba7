/// One `%{…}` macro (RFC 7208 §7.1): its letter, the right-hand parts to keep, reversal, the delimiters to split
/// on, and whether it is URL-escaped (an upper-case letter).
public struct SPFMacro: Sendable, Equatable {
    public var letter: SPFMacroLetter
    /// The number of right-hand parts to keep; nil keeps all. Never 0 (a syntax error).
    public var keep: Int?
    public var reverse: Bool
    /// The characters that split the value; "." when none is written.
    public var delimiters: Set<Character>
    public var urlEscape: Bool

    public init(letter: SPFMacroLetter, keep: Int? = nil, reverse: Bool = false, delimiters: Set<Character> = ["."], urlEscape: Bool = false) {
        self.letter = letter
        self.keep = keep
        self.reverse = reverse
        self.delimiters = delimiters
        self.urlEscape = urlEscape
    }
}
