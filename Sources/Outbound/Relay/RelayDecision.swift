import Queue
import SMTPProtocol

/// Turns one relay attempt into one job transition and the recipient events that explain it (the table in
/// ARCHITECTURE.md). Pure: the worker and the tests call it the same way.
public enum RelayDecision {
    public static func outcome(recipients: [String], attempt: RelayAttempt, attemptNumber: Int) -> JobOutcome {
        switch attempt {
        case .captured:
            let detail = UpstreamReplyDetail(
                code: nil, enhancedCode: nil, text: "captured: this instance has no upstream", upstream: nil,
                attempt: attemptNumber)
            return .delivered(events: recipients.map { event(.captured, $0, detail) })

        case .sessionFailed(let reason, let permanent, let reply, let upstream):
            let detail =
                reply.map { UpstreamReplyDetail(reply: $0, upstream: upstream, attempt: attemptNumber) }
                ?? UpstreamReplyDetail(
                    code: nil, enhancedCode: nil, text: reason, upstream: upstream, attempt: attemptNumber)
            if permanent {
                return .failed(.permanent(reason, events: recipients.map { event(.bounced, $0, detail) }))
            }
            return .failed(.temporary(reason, events: recipients.map { event(.deferred, $0, detail) }))

        case .replies(let replies, let upstream):
            var byRecipient: [String: SMTPReply] = [:]
            for reply in replies where byRecipient[reply.recipient] == nil {
                byRecipient[reply.recipient] = reply.reply
            }
            var events: [DeliveryEventDraft] = []
            var remaining: [String] = []
            var firstDeferral: String?
            for recipient in recipients {
                guard let reply = byRecipient[recipient] else {
                    // A transport that skipped a recipient has not delivered it: try again.
                    let detail = UpstreamReplyDetail(
                        code: nil, enhancedCode: nil, text: "no reply for this recipient", upstream: upstream,
                        attempt: attemptNumber)
                    events.append(event(.deferred, recipient, detail))
                    remaining.append(recipient)
                    firstDeferral = firstDeferral ?? "\(recipient): no reply"
                    continue
                }
                let detail = UpstreamReplyDetail(reply: reply, upstream: upstream, attempt: attemptNumber)
                if reply.isPositive {
                    events.append(event(.relayed, recipient, detail))
                } else if reply.isPermanentFailure {
                    events.append(event(.bounced, recipient, detail))
                } else {
                    events.append(event(.deferred, recipient, detail))
                    remaining.append(recipient)
                    firstDeferral = firstDeferral ?? "\(recipient): \(detail.code.map(String.init) ?? "") \(detail.text)"
                }
            }
            if remaining.isEmpty {
                return .delivered(events: events)
            }
            let reason = "\(remaining.count) of \(recipients.count) recipients deferred by \(upstream); first: \(firstDeferral ?? "")"
            return .failed(.temporary(reason, events: events, remainingRecipients: remaining))
        }
    }

    private static func event(_ type: DeliveryEventType, _ recipient: String, _ detail: UpstreamReplyDetail)
        -> DeliveryEventDraft
    {
        DeliveryEventDraft(recipient: recipient, type: type, detail: detail.encoded())
    }
}
