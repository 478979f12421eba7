import Foundation

/// The SMTP envelope (or its HTTP-API equivalent) of an accepted message. Encodes with the
/// snake_case keys of the inbound JSON contract.
public struct Envelope: Sendable, Hashable, Codable {
    public var mailFrom: String
    public var rcptTo: [String]
    public var helo: String?
    public var remoteIP: String?
    public var tls: EnvelopeTLS?
    public var authUser: String?
    /// Size as announced or counted by the receiving side; the store also records the exact byte count.
    public var size: Int
    public var receivedAt: Date

    public init(
        mailFrom: String,
        rcptTo: [String],
        helo: String? = nil,
        remoteIP: String? = nil,
        tls: EnvelopeTLS? = nil,
        authUser: String? = nil,
        size: Int = 0,
        receivedAt: Date
    ) {
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
        self.helo = helo
        self.remoteIP = remoteIP
        self.tls = tls
        self.authUser = authUser
        self.size = size
        self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from"
        case rcptTo = "rcpt_to"
        case helo
        case remoteIP = "remote_ip"
        case tls
        case authUser = "auth_user"
        case size
        case receivedAt = "received_at"
    }
}
