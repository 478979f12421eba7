/// The RCPT TO `NOTIFY=` parameter of RFC 3461; the empty set is `NOTIFY=NEVER`.
public struct SMTPDSNNotify: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let success = SMTPDSNNotify(rawValue: 1 << 0)
    public static let failure = SMTPDSNNotify(rawValue: 1 << 1)
    public static let delay = SMTPDSNNotify(rawValue: 1 << 2)
    public static let never: SMTPDSNNotify = []
}
