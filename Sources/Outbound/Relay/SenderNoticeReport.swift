import Foundation
import MIME
import MailModel
import Queue

/// The delivery status report a `SenderNotice` job relays, from the original message as stored and the DSN
/// wishes (`RET`, `ENVID`) its SMTP submission gave.
enum SenderNoticeReport {
    /// The message row's keys for RFC 3461 `RET` and `ENVID` (written by the SMTP server's queue sink).
    static let returnKey = "dsn_ret"
    static let envelopeIDKey = "dsn_envid"

    static func make(
        _ notice: SenderNotice, original: StoredMessage, originalBytes: [UInt8], reportingMTA: String, now: Date
    ) -> DeliveryStatusReport {
        let ret = original.metadata[returnKey]?.lowercased()
        return DeliveryStatusReport(
            reportingMTA: reportingMTA, originalSender: original.envelope.mailFrom,
            arrivalDate: original.envelope.receivedAt, envelopeID: original.metadata[envelopeIDKey],
            recipients: notice.recipients,
            returnContent: ret == "full" ? .full : .headers, originalMessage: originalBytes,
            messageID: notice.messageID, date: now)
    }
}
