import Foundation
import Queue

/// What a durable send answers: the ids and where each envelope recipient starts.
public struct OutboundReceipt: Sendable, Hashable {
    public var id: MessageID
    /// The `Message-ID` header's value, without angle brackets.
    public var messageID: String
    public var sendAt: Date?
    public var recipients: [(address: String, status: RecipientStatus)] {
        self.envelopeRecipients.map { ($0, self.sendAt == nil ? .queued : .scheduled) }
    }
    public var envelopeRecipients: [String]

    public init(id: MessageID, messageID: String, sendAt: Date?, envelopeRecipients: [String]) {
        self.id = id
        self.messageID = messageID
        self.sendAt = sendAt
        self.envelopeRecipients = envelopeRecipients
    }
}
