/// Expands macro-strings (RFC 7208 §7.3–7.4). Pure: the validated domain name (`%{p}`) is passed in by the
/// evaluator, which looks it up only for strings that use it.
public enum SPFMacroExpander {
    public static func expand(_ string: SPFMacroString, context: SPFMacroContext, validatedName: String? = nil) -> String {
        var result = ""
        for part in string.parts {
            switch part {
            case .literal(let text), .escape(let text):
                result += text
            case .macro(let macro):
                result += expand(macro, value: value(of: macro.letter, context: context, validatedName: validatedName))
            }
        }
        return result
    }

    /// A macro-string expanded as a domain name to query: one trailing dot dropped, and when longer than 253
    /// octets, left-hand labels dropped until it fits (§7.3).
    public static func expandDomain(_ string: SPFMacroString, context: SPFMacroContext, validatedName: String? = nil) -> String {
        var name = Substring(expand(string, context: context, validatedName: validatedName))
        if name.hasSuffix(".") { name = name.dropLast() }
        while name.utf8.count > 253, let dot = name.firstIndex(of: ".") {
            name = name[name.index(after: dot)...]
        }
        return String(name)
    }

    static func value(of letter: SPFMacroLetter, context: SPFMacroContext, validatedName: String?) -> String {
        switch letter {
        case .sender: return context.sender
        case .localPart: return context.localPart
        case .senderDomain: return context.senderDomain
        case .domain: return context.domain
        case .ip: return context.ip.dottedForm
        case .validatedName: return validatedName ?? "unknown"
        case .ipVersion: return context.ip.isIPv4 ? "in-addr" : "ip6"
        case .helo: return context.helo
        case .clientIP: return context.ip.description
        case .receiver: return context.receiver
        case .timestamp: return String(context.timestamp)
        }
    }

    /// Split on the delimiters, reverse, keep the right-hand parts, join with "." (always ".", never the
    /// delimiter that split: §7.3), then URL-escape for an upper-case letter.
    static func expand(_ macro: SPFMacro, value: String) -> String {
        var expanded = value
        let transforms = macro.reverse || macro.keep != nil || macro.delimiters != ["."]
        if transforms {
            var parts = value.split(omittingEmptySubsequences: false) { macro.delimiters.contains($0) }
            if macro.reverse { parts.reverse() }
            if let keep = macro.keep, keep < parts.count { parts.removeFirst(parts.count - keep) }
            expanded = parts.joined(separator: ".")
        }
        return macro.urlEscape ? urlEscaped(expanded) : expanded
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    static func urlEscaped(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xf)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
