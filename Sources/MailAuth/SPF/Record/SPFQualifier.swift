/// A directive's qualifier (RFC 7208 §4.6.2): the result when its mechanism matches. `+` when omitted.
public enum SPFQualifier: Character, Sendable, Equatable {
    case pass = "+"
    case fail = "-"
    case softfail = "~"
    case neutral = "?"

    public var result: SPFResult {
        switch self {
        case .pass: return .pass
        case .fail: return .fail
        case .softfail: return .softfail
        case .neutral: return .neutral
        }
    }
}
