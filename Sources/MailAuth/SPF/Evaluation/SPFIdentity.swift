/// Which identity a check authorizes (RFC 7208 §2.3, §2.4).
public enum SPFIdentity: String, Sendable, Equatable {
    case mailFrom = "mailfrom"
    case helo
}
