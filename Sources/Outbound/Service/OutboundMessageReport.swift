import Foundation
import Queue

/// A sent message as the API shows it: its recipients' statuses and its history.
public struct OutboundMessageReport: Sendable, Hashable {
    public var id: MessageID
    public var messageID: String?
    public var mailFrom: String
    public var createdAt: Date
    public var sendAt: Date?
    /// Relay attempts started so far.
    public var attempts: Int
    public var tags: [String]
    public var metadata: [String: String]
    public var recipients: [RecipientState]
    public var events: [DeliveryEvent]

    public init(
        id: MessageID, messageID: String?, mailFrom: String, createdAt: Date, sendAt: Date?, attempts: Int,
        tags: [String], metadata: [String: String], recipients: [RecipientState], events: [DeliveryEvent]
    ) {
        self.id = id
        self.messageID = messageID
        self.mailFrom = mailFrom
        self.createdAt = createdAt
        self.sendAt = sendAt
        self.attempts = attempts
        self.tags = tags
        self.metadata = metadata
        self.recipients = recipients
        self.events = events
    }
}
