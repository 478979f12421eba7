import Queue

/// One attempt's envelope: the message's sender and the job's pending recipients.
public struct RelayEnvelope: Sendable, Hashable {
    public var messageID: MessageID
    /// Empty for the null sender (`MAIL FROM:<>`).
    public var mailFrom: String
    public var recipients: [String]
    /// Exact bytes of the stored message, for SIZE.
    public var size: Int

    public init(messageID: MessageID, mailFrom: String, recipients: [String], size: Int) {
        self.messageID = messageID
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.size = size
    }
}
