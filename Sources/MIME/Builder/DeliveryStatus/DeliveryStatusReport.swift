import Foundation

/// Everything a delivery status notification (RFC 3464) says, as a value; `DeliveryStatusReportBuilder` turns it
/// into bytes.
public struct DeliveryStatusReport: Sendable, Hashable {
    /// RFC 3461 `RET`: what of the original message goes back.
    public enum Return: Sendable, Hashable {
        case headers
        case full
    }

    /// Our host name (`Reporting-MTA: dns;…`, the `From:` postmaster's domain).
    public var reportingMTA: String
    /// The original envelope sender: the DSN's only recipient.
    public var originalSender: String
    /// When we accepted the original message.
    public var arrivalDate: Date
    /// RFC 3461 `ENVID` of the submission, echoed as `Original-Envelope-Id`.
    public var envelopeID: String?
    public var recipients: [DeliveryStatusRecipient]
    public var returnContent: Return
    /// The original message as stored; only its header is returned unless `returnContent` is `.full`.
    public var originalMessage: [UInt8]
    /// This DSN's `Message-ID` (without brackets), fixed when the notice is queued so retries carry the same one.
    public var messageID: String
    public var date: Date

    public init(
        reportingMTA: String, originalSender: String, arrivalDate: Date, envelopeID: String?,
        recipients: [DeliveryStatusRecipient], returnContent: Return, originalMessage: [UInt8], messageID: String,
        date: Date
    ) {
        self.reportingMTA = reportingMTA
        self.originalSender = originalSender
        self.arrivalDate = arrivalDate
        self.envelopeID = envelopeID
        self.recipients = recipients
        self.returnContent = returnContent
        self.originalMessage = originalMessage
        self.messageID = messageID
        self.date = date
    }
}
