import Foundation

/// What a delivery status notification job remembers of the attempt that ended its recipients, so that the DSN
/// can be built at relay time from the original message (still in the store) instead of being stored twice.
public struct SenderNotice: Sendable, Hashable, Codable {
    public struct Recipient: Sendable, Hashable, Codable {
        public var address: String
        /// RFC 3463 status, `5.x.x`.
        public var status: String
        /// `host:port` of the upstream that refused, if one answered.
        public var upstream: String?
        public var diagnostic: String

        public init(address: String, status: String, upstream: String?, diagnostic: String) {
            self.address = address
            self.status = status
            self.upstream = upstream
            self.diagnostic = diagnostic
        }
    }

    /// The DSN's own `Message-ID`, fixed when the job is created so every retry carries the same one.
    public var messageID: String
    public var recipients: [Recipient]

    public init(messageID: String, recipients: [Recipient]) {
        self.messageID = messageID
        self.recipients = recipients
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case recipients
    }
}
