#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The envelope of a message: who sent it to whom and over what, as the SMTP session (or the send API)
/// received it. The one envelope every module shares: the queue stores it, the inbound JSON renders it, the
/// relay sends with it (narrowed to the pending recipients).
///
/// Its `Codable` is the queue's stored form (snake_case keys, unset values left out, `received_at`); the
/// inbound JSON writes it its own way (`MIME.InboundEnvelopeJSON`), so the two contracts stay apart.
public struct Envelope: Sendable, Hashable, Codable {
    /// Empty for the null sender (`MAIL FROM:<>`).
    public var mailFrom: String
    public var rcptTo: [String]
    public var helo: String?
    public var remoteIP: String?
    public var tls: TLSParameters?
    public var authUser: String?
    /// RFC 3461 `ENVID`: set on the envelope the relay sends, which an upstream offering DSN passes on and a
    /// report that comes back names as its `Original-Envelope-Id`.
    public var envelopeID: String?
    /// Size as announced or counted by the receiving side; the store also records the exact byte count.
    public var size: Int
    public var receivedAt: Date

    public init(
        mailFrom: String,
        rcptTo: [String],
        helo: String? = nil,
        remoteIP: String? = nil,
        tls: TLSParameters? = nil,
        authUser: String? = nil,
        envelopeID: String? = nil,
        size: Int = 0,
        receivedAt: Date
    ) {
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
        self.helo = helo
        self.remoteIP = remoteIP
        self.tls = tls
        self.authUser = authUser
        self.envelopeID = envelopeID
        self.size = size
        self.receivedAt = receivedAt
    }

    public enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from"
        case rcptTo = "rcpt_to"
        case helo
        case remoteIP = "remote_ip"
        case tls
        case authUser = "auth_user"
        case envelopeID = "envid"
        case size
        case receivedAt = "received_at"
    }
}
