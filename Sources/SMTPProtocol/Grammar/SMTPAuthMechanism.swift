/// A SASL mechanism name as given to AUTH; only PLAIN and LOGIN are implemented.
public enum SMTPAuthMechanism: Hashable, Sendable, CustomStringConvertible {
    case plain
    case login
    case other(String)

    init(name: String) {
        switch name.uppercased() {
        case "PLAIN": self = .plain
        case "LOGIN": self = .login
        default: self = .other(name.uppercased())
        }
    }

    public var description: String {
        switch self {
        case .plain: return "PLAIN"
        case .login: return "LOGIN"
        case .other(let name): return name
        }
    }
}
