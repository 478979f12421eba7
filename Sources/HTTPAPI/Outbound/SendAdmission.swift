import MIME
import Outbound

/// What an API key may send, checked before anything is built or stored: the senders it owns, then its
/// recipients-per-hour budget (taken here, so a request refused later still counts). Every send handler calls
/// `admit` once per message, so single, batch and raw sends are held to the same rules.
struct SendAdmission: Sendable {
    /// Read at each send: `http.key_senders` is reloadable.
    var senders: @Sendable () -> APIKeySenders = { APIKeySenders() }
    var limiter: APIRateLimiter?

    /// - Parameters:
    ///   - from: the `From:` address; `mailFrom`: the envelope sender when the request sets it apart.
    ///   - recipients: the number of envelope recipients.
    func admit(key: String?, from: String?, mailFrom: String?, recipients: Int) throws(APIError) {
        if let refusal = senders().refusal(key: key, from: from, mailFrom: mailFrom) { throw refusal }
        if let key, let decision = limiter?.admitRecipients(recipients, key: key),
            let refusal = RateLimitHeaders.refusal(decision, kind: .recipients)
        {
            throw refusal
        }
    }

    func admit(_ submission: OutboundSubmission) throws(APIError) {
        let recipients = submission.envelopeRecipients?.count
            ?? (submission.draft.to + submission.draft.cc + submission.bcc).count
        try admit(
            key: submission.apiKeyName, from: submission.draft.from.address, mailFrom: submission.envelopeMailFrom,
            recipients: recipients)
    }

    /// A raw send names its senders by header field and query parameter, not by JSON pointer.
    func admit(_ raw: RawSubmission) throws(APIError) {
        let recipients = raw.envelopeRecipients?.count ?? raw.message.headerRecipients.count
        do {
            try admit(key: raw.apiKeyName, from: raw.message.fromAddress, mailFrom: raw.envelopeMailFrom, recipients: recipients)
        } catch {
            var refusal = error
            refusal.field = refusal.field.map { ["/from": "From", "/envelope/mail_from": "mail_from"][$0] ?? $0 }
            throw refusal
        }
    }
}
