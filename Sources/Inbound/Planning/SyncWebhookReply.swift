import SMTPProtocol
import Webhooks

/// The refusal of DATA that the sync webhooks' verdicts add up to, if any.
enum SyncWebhookReply {
    /// nil when every webhook accepted. A refusal wins over a deferral: retrying cannot change the
    /// refusing receiver's mind.
    static func refusal(for verdicts: [SyncVerdict]) -> SMTPRefusal? {
        var deferral: SMTPRefusal?
        for verdict in verdicts {
            switch verdict {
            case .accepted:
                continue
            case .refused(let reason):
                return SMTPRefusal(SMTPReply(550, "5.7.1", "Message refused: \(reason)"), .webhookRefused)
            case .deferred(let reason):
                if deferral == nil {
                    deferral = SMTPRefusal(SMTPReply(451, "4.3.0", "Message not accepted: \(reason), try again later"), .webhookDeferred)
                }
            }
        }
        return deferral
    }
}
