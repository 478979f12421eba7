/// Reads macro-strings (RFC 7208 §7.1) and checks domain-specs (§4.6.1's domain-end). One pass over the bytes,
/// no backtracking: linear in the input however it is built.
public enum SPFMacroStringParser {
    public enum Context: Sendable {
        /// A domain-spec or a modifier's value: no spaces, no `c`, `r`, `t`.
        case domainSpec
        /// The text of an `exp=` TXT record (explain-string): spaces, and every macro letter.
        case explanation
    }

    public static func parse(_ text: Substring, context: Context, term: String) throws(SPFSyntaxError) -> SPFMacroString {
        let bytes = Array(text.utf8)
        var parts: [SPFMacroString.Part] = []
        var literal: [UInt8] = []
        func flushLiteral() {
            if !literal.isEmpty {
                parts.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal.removeAll(keepingCapacity: true)
            }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte != UInt8(ascii: "%") {
                let allowed = (0x21...0x7e).contains(byte) || (byte == 0x20 && context == .explanation)
                guard allowed else {
                    throw SPFSyntaxError(byte >= 0x80 ? "non-ASCII character in macro-string" : "invalid character in macro-string", term: term)
                }
                literal.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw SPFSyntaxError("'%' at the end of a macro-string", term: term) }
            switch bytes[index + 1] {
            case UInt8(ascii: "%"):
                flushLiteral(); parts.append(.escape("%")); index += 2
            case UInt8(ascii: "_"):
                flushLiteral(); parts.append(.escape(" ")); index += 2
            case UInt8(ascii: "-"):
                flushLiteral(); parts.append(.escape("%20")); index += 2
            case UInt8(ascii: "{"):
                flushLiteral()
                let (macro, next) = try parseMacro(bytes, from: index + 2, context: context, term: term)
                parts.append(.macro(macro))
                index = next
            default:
                throw SPFSyntaxError("invalid macro (after '%' only '{', '%', '_' or '-')", term: term)
            }
        }
        flushLiteral()
        return SPFMacroString(parts: parts, text: String(text))
    }

    /// `letter *DIGIT ["r"] *delimiter "}"`, starting after `%{`; returns the macro and the index after `}`.
    static func parseMacro(_ bytes: [UInt8], from start: Int, context: Context, term: String) throws(SPFSyntaxError) -> (SPFMacro, Int) {
        var index = start
        guard index < bytes.count,
              let letter = SPFMacroLetter(rawValue: Character(Unicode.Scalar(bytes[index] | 0x20)))
        else { throw SPFSyntaxError("unknown macro letter", term: term) }
        if letter.explanationOnly && context == .domainSpec {
            throw SPFSyntaxError("macros c, r and t are allowed in explanation text only", term: term)
        }
        let urlEscape = bytes[index] < UInt8(ascii: "a")
        index += 1
        var keep: Int?
        var digits = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            // Capped: more parts than a 253-octet name can have is "all of them".
            keep = min((keep ?? 0) * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000)
            digits += 1
            index += 1
        }
        if digits > 0 && keep == 0 { throw SPFSyntaxError("macro keeps zero parts (the digit must be nonzero)", term: term) }
        var reverse = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "r") {
            reverse = true
            index += 1
        }
        var delimiters = Set<Character>()
        while index < bytes.count, let delimiter = delimiter(bytes[index]) {
            delimiters.insert(delimiter)
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else {
            throw SPFSyntaxError("invalid macro (expected '}')", term: term)
        }
        let macro = SPFMacro(letter: letter, keep: keep, reverse: reverse, delimiters: delimiters.isEmpty ? ["."] : delimiters, urlEscape: urlEscape)
        return (macro, index + 1)
    }

    static func delimiter(_ byte: UInt8) -> Character? {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "/"),
             UInt8(ascii: "_"), UInt8(ascii: "="):
            return Character(Unicode.Scalar(byte))
        default:
            return nil
        }
    }

    /// A domain-spec: a non-empty macro-string ending in a macro-expand or in `.toplabel` with an optional dot.
    public static func parseDomainSpec(_ text: Substring, term: String) throws(SPFSyntaxError) -> SPFMacroString {
        guard !text.isEmpty else { throw SPFSyntaxError("empty domain-spec", term: term) }
        let spec = try parse(text, context: .domainSpec, term: term)
        guard hasDomainEnd(spec) else { throw SPFSyntaxError("domain-spec does not end in a top-level label or a macro", term: term) }
        return spec
    }

    static func hasDomainEnd(_ spec: SPFMacroString) -> Bool {
        guard case .literal(let literal) = spec.parts.last else { return !spec.parts.isEmpty }
        var text = Substring(literal)
        if text.hasSuffix(".") { text = text.dropLast() }
        guard let dot = text.lastIndex(of: ".") else { return false }
        return isTopLabel(text[text.index(after: dot)...])
    }

    /// `( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )`.
    static func isTopLabel(_ label: Substring) -> Bool {
        let bytes = Array(label.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        func isAlpha(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
        func isAlphanumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        if !bytes.contains(UInt8(ascii: "-")) { return bytes.contains(where: isAlpha) }
        return isAlphanumeric(first) && isAlphanumeric(last)
    }
}
