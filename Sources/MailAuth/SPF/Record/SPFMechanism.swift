/// The mechanisms of RFC 7208 §5. A domain-spec left out (`a`, `mx`, `ptr`) means the current domain.
public enum SPFMechanism: Sendable, Equatable {
    case all
    case include(SPFMacroString)
    case a(SPFMacroString?, SPFDualCIDR)
    case mx(SPFMacroString?, SPFDualCIDR)
    case ptr(SPFMacroString?)
    case ip4(IPAddress, prefix: Int)
    case ip6(IPAddress, prefix: Int)
    case exists(SPFMacroString)

    /// Whether evaluating it queries DNS, and so counts toward the limit of 10 (RFC 7208 §4.6.4).
    public var queriesDNS: Bool {
        switch self {
        case .include, .a, .mx, .ptr, .exists: return true
        case .all, .ip4, .ip6: return false
        }
    }
}
