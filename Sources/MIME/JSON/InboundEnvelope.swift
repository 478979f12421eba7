/// The SMTP envelope of an inbound message. The parser knows nothing of it: the caller (the SMTP session that
/// received the message) fills it in; empty by default.
public struct InboundEnvelope: Sendable, Equatable, Codable {
    public var mailFrom: String?
    public var rcptTo: [String]
    public var helo: String?
    public var remoteIP: String?
    public var tls: InboundTLSInfo?
    public var authUser: String?
    public var size: Int?

    public init(
        mailFrom: String? = nil, rcptTo: [String] = [], helo: String? = nil, remoteIP: String? = nil,
        tls: InboundTLSInfo? = nil, authUser: String? = nil, size: Int? = nil
    ) {
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
        self.helo = helo
        self.remoteIP = remoteIP
        self.tls = tls
        self.authUser = authUser
        self.size = size
    }

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from"
        case rcptTo = "rcpt_to"
        case helo
        case remoteIP = "remote_ip"
        case tls
        case authUser = "auth_user"
        case size
    }

    /// Unset values are written as null, so the envelope has the same keys whoever filled it.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mailFrom, forKey: .mailFrom)
        try c.encode(rcptTo, forKey: .rcptTo)
        try c.encode(helo, forKey: .helo)
        try c.encode(remoteIP, forKey: .remoteIP)
        try c.encode(tls, forKey: .tls)
        try c.encode(authUser, forKey: .authUser)
        try c.encode(size, forKey: .size)
    }
}
