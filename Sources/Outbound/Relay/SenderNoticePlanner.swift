import MIME
import Queue

/// Decides whether the recipients an attempt ended (`bounced`, or `failed` when the retries ran out) are reported
/// back to the envelope sender (RFC 5321 §6.1), and makes that report's `outbound.relay` job. Pure: the caller
/// adds the job to the transition's follow-ups, so the DSN is queued exactly when the outcome is recorded.
public enum SenderNoticePlanner {
    /// - Parameters:
    ///   - mailFrom: the original envelope sender; empty (the null sender) gets no DSN.
    ///   - payload: the ended job's payload: only `notify_sender` jobs are reported, and a DSN's own job never is.
    ///   - messageID: the DSN's `Message-ID`, drawn by the caller.
    public static func job(
        for events: [DeliveryEventDraft], mailFrom: String, payload: OutboundRelayPayload, messageID: String
    ) -> JobSpec? {
        guard payload.notifySender, payload.senderNotice == nil, !mailFrom.isEmpty else { return nil }
        let recipients = events.compactMap(recipient)
        guard !recipients.isEmpty else { return nil }
        let notice = SenderNotice(messageID: messageID, recipients: recipients)
        let dsnPayload = OutboundRelayPayload(notifySender: false, senderNotice: notice)
        return JobSpec(kind: .outboundRelay, recipients: [mailFrom], payload: dsnPayload.encoded())
    }

    static func recipient(_ event: DeliveryEventDraft) -> DeliveryStatusRecipient? {
        guard let address = event.recipient, event.type == .bounced || event.type == .failed else { return nil }
        let detail = UpstreamReplyDetail.decode(event.detail)
        // RFC 3463: 5.0.0 for an unexplained permanent failure, 5.4.7 for a delivery time that expired.
        let fallback = event.type == .failed ? "5.4.7" : "5.0.0"
        let status = detail?.enhancedCode.flatMap { $0.hasPrefix("5.") ? $0 : nil } ?? fallback
        let diagnostic: String
        if let detail {
            diagnostic = [detail.code.map { String($0) }, detail.enhancedCode, detail.text].compactMap { $0 }.joined(separator: " ")
        } else {
            diagnostic = event.detail ?? "delivery failed"
        }
        return DeliveryStatusRecipient(
            finalRecipient: address, status: status, remoteMTA: detail?.upstream, diagnostic: diagnostic)
    }
}
