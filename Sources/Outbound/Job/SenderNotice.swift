import Foundation
import MIME

/// What a delivery status notification job remembers of the attempt that ended its recipients, so that the DSN
/// can be built at relay time from the original message (still in the store) instead of being stored twice.
public struct SenderNotice: Sendable, Hashable, Codable {
    /// The DSN's own `Message-ID`, fixed when the job is created so every retry carries the same one.
    public var messageID: String
    /// Per ended recipient: its status, the upstream that refused and its reply.
    public var recipients: [DeliveryStatusRecipient]

    public init(messageID: String, recipients: [DeliveryStatusRecipient]) {
        self.messageID = messageID
        self.recipients = recipients
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case recipients
    }
}
