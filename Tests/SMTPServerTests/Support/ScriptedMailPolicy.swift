import Foundation
import SMTPProtocol
import SMTPServer

/// A mail policy whose every refusal is keyed to the test's input, so a test can send one command or
/// message per refusal and see which reason each is counted under. The real policy is `Inbound`'s (tested
/// there); this one exercises how the SMTP side carries whatever reason a policy chooses.
struct ScriptedMailPolicy: SMTPMailPolicy {
    func senderRefusal(_ path: SMTPReversePath, user: String?, mode: SMTPSessionMode) -> SMTPRefusal? {
        guard path.mailbox?.domain == "bank.example" else { return nil }
        return SMTPRefusal(SMTPServerReplies.senderNotOwned(path, user: user), .senderNotOwned)
    }

    func recipientVerdict(
        _ path: SMTPForwardPath, context: SMTPEnvelopeRecipientContext, mode: SMTPSessionMode
    ) -> SMTPRecipientVerdict {
        switch path.mailbox?.localPart {
        case "blocked": .reject(SMTPRefusal(SMTPReply(550, "5.7.1", "\(path): This address does not accept mail"), .routeRejected))
        case "nobody": .unknownRecipient
        default: .accept
        }
    }

    /// The message's `X-Case:` header picks the refusal.
    func plan(_ envelope: SMTPEnvelope, session: SMTPSessionInfo, headerBlock: [UInt8], headerTruncated: Bool) -> SMTPMessagePlan {
        let header = String(decoding: headerBlock, as: UTF8.self)
        let accepted = SMTPMessagePlan(jobs: [])
        if headerTruncated {
            return SMTPMessagePlan(jobs: [], refusal: SMTPRefusal(SMTPReply(552, "5.3.4", "Header only half seen"), .messageTooLarge))
        }
        if header.contains("X-Case: header-route") {
            return SMTPMessagePlan(jobs: [], refusal: SMTPRefusal(SMTPReply(550, "5.7.1", "Spam is not welcome"), .routeRejected))
        }
        if header.contains("X-Case: from") {
            return SMTPMessagePlan(
                jobs: [], refusal: SMTPRefusal(SMTPReply(550, "5.7.1", "From: <m@evil.test> rejected: not owned"), .fromNotOwned))
        }
        if header.contains("X-Case: sync-refused") {
            return SMTPMessagePlan(jobs: []) { _ in
                .failed(SMTPRefusal(SMTPReply(550, "5.7.1", "Message refused: no such ticket"), .webhookRefused))
            }
        }
        if header.contains("X-Case: sync-deferred") {
            return SMTPMessagePlan(jobs: []) { _ in
                .failed(SMTPRefusal(SMTPReply(451, "4.3.0", "Message not accepted: busy, try again later"), .webhookDeferred))
            }
        }
        return accepted
    }
}
