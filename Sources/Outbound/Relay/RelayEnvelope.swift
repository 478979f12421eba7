import Queue

/// One attempt's envelope: the message's sender and the job's pending recipients.
public struct RelayEnvelope: Sendable, Hashable {
    public var messageID: MessageID
    /// Empty for the null sender (`MAIL FROM:<>`).
    public var mailFrom: String
    public var recipients: [String]
    /// Exact bytes of the stored message, for SIZE.
    public var size: Int
    /// RFC 3461 `ENVID`, given to an upstream that offers DSN: the submitter's own when it gave one (it is
    /// passed on unchanged), else our message id, which a report that comes back to the MX names as its
    /// `Original-Envelope-Id` (`BounceCorrelator`).
    public var envelopeID: String?

    public init(messageID: MessageID, mailFrom: String, recipients: [String], size: Int, envelopeID: String? = nil) {
        self.messageID = messageID
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.size = size
        self.envelopeID = envelopeID
    }
}
