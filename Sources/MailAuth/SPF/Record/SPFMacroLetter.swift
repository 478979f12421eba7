/// The macro letters of RFC 7208 §7.2. `c`, `r` and `t` are allowed in explanation text only.
public enum SPFMacroLetter: Character, Sendable, Equatable {
    case sender = "s"
    case localPart = "l"
    case senderDomain = "o"
    case domain = "d"
    case ip = "i"
    case validatedName = "p"
    case ipVersion = "v"
    case helo = "h"
    case clientIP = "c"
    case receiver = "r"
    case timestamp = "t"

    public var explanationOnly: Bool { self == .clientIP || self == .receiver || self == .timestamp }
}
