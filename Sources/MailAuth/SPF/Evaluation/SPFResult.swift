/// The results of check_host() (RFC 7208 §2.6), spelled as the RFC and Received-SPF write them.
public enum SPFResult: String, Sendable, Equatable, CaseIterable {
    case none
    case neutral
    case pass
    case fail
    case softfail
    case temperror
    case permerror
}
