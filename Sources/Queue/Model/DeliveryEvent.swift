import Foundation

/// One entry of a message's history.
public struct DeliveryEvent: Sendable, Hashable {
    /// Monotonic within a store; orders the history.
    public var sequence: Int64
    public var messageID: MessageID
    public var jobID: JobID?
    public var recipient: String?
    public var type: DeliveryEventType
    public var detail: String?
    public var at: Date

    public init(
        sequence: Int64, messageID: MessageID, jobID: JobID?, recipient: String?, type: DeliveryEventType,
        detail: String?, at: Date
    ) {
        self.sequence = sequence
        self.messageID = messageID
        self.jobID = jobID
        self.recipient = recipient
        self.type = type
        self.detail = detail
        self.at = at
    }
}
