import MIME
import SMTPProtocol

/// Which sender addresses each SMTP user may use (`smtp.senders`), in MAIL FROM and in the `From:`
/// header alike. Users without a rule may use any.
public struct SenderRules: Sendable {
    private let patterns: [String: [AddressPattern]]

    /// `patterns`: per user, the address patterns allowed.
    public init(_ patterns: [String: [AddressPattern]] = [:]) {
        self.patterns = patterns
    }

    /// MAIL FROM: nil to accept. A user with a rule may not use the null sender (a submission client has no
    /// reason to send bounces).
    public func mailFromRefusal(_ path: SMTPReversePath, user: String?) -> SMTPRefusal? {
        guard let user, let allowed = patterns[user] else { return nil }
        guard let address = path.mailbox?.description, allowed.contains(where: { $0.matches(address) }) else {
            return SMTPRefusal(SMTPServerReplies.senderNotOwned(path, user: user), .senderNotOwned)
        }
        return nil
    }

    /// The `From:` addresses, once the message is in: the refusal for the first one the user may not use.
    public func fromHeaderRefusal(_ addresses: [String], user: String?) -> SMTPRefusal? {
        guard let user, let allowed = patterns[user] else { return nil }
        for address in addresses where !allowed.contains(where: { $0.matches(address) }) {
            return SMTPRefusal(SMTPReply(550, "5.7.1", "From: <\(address)> rejected: not owned by user \(user)"), .fromNotOwned)
        }
        return nil
    }
}
