import Foundation

/// A received message in a listing: the envelope and enough to recognize it, not the content.
public struct InboundMessageSummary: Sendable, Equatable, Codable {
    public var id: String
    public var receivedAt: Date
    public var mailFrom: String
    public var rcptTo: [String]
    public var size: Int
    @ExplicitNull public var subject: String?
    public var status: InboundMessageStatus
    /// The SMTP listener it arrived on (`submission`, `submissions`, `inbound`).
    @ExplicitNull public var listener: String?

    public init(
        id: String, receivedAt: Date, mailFrom: String, rcptTo: [String], size: Int, subject: String?,
        status: InboundMessageStatus, listener: String?
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
        self.size = size
        self.subject = subject
        self.status = status
        self.listener = listener
    }

    enum CodingKeys: String, CodingKey {
        case id
        case receivedAt = "received_at"
        case mailFrom = "mail_from"
        case rcptTo = "rcpt_to"
        case size, subject, status, listener
    }
}
