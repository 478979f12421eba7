import Foundation
import MIME
import Queue

/// Decides which recipients of a message we relayed a received delivery status report turns `bounced`. Pure:
/// `BounceCorrelator` reads the report and the message and records what this returns.
///
/// The report names the message by its `Original-Envelope-Id` (the relay's `ENVID`, our message id unless the
/// submitter gave its own); when it also returns the original header, that header's `Message-ID` must be the
/// one we relayed, so a report about some other message, or a forged one that only guessed an id, changes
/// nothing. Only a recipient the upstream accepted (`relayed`) can bounce later: one already bounced or failed
/// keeps its status, so the same report received twice records one event.
public enum BounceCorrelation {
    public static func events(
        for report: ParsedDeliveryStatusReport, message: StoredMessage, states: [RecipientState]
    ) -> [DeliveryEventDraft] {
        guard message.metadata[OutboundMessageMetadata.origin] != nil else { return [] }
        if let returned = report.originalMessageID,
            returned != message.metadata[OutboundMessageMetadata.messageID]
        {
            return []
        }
        var events: [DeliveryEventDraft] = []
        var seen: Set<String> = []
        for recipient in report.failed {
            let address = recipient.finalRecipient.lowercased()
            guard let state = states.first(where: { $0.address.lowercased() == address }), state.status == .relayed,
                seen.insert(address).inserted
            else { continue }
            let detail = UpstreamReplyDetail(
                code: replyCode(recipient.diagnostic), enhancedCode: recipient.status, text: recipient.diagnostic,
                upstream: recipient.remoteMTA ?? report.reportingMTA, attempt: state.reply?.attempt ?? 1)
            events.append(DeliveryEventDraft(recipient: state.address, type: .bounced, detail: detail.encoded()))
        }
        return events
    }

    /// The SMTP reply code a `Diagnostic-Code: smtp; 550 …` starts with, when it does.
    static func replyCode(_ diagnostic: String) -> Int? {
        let digits = diagnostic.prefix { $0.isNumber }
        guard digits.count == 3, let code = Int(digits), (200...599).contains(code) else { return nil }
        return code
    }
}
