import MIME
import SMTPProtocol
import SMTPServer

/// Which sender addresses each SMTP user may use, in MAIL FROM and in the `From:` and `Sender:` header fields
/// alike: the user's patterns from `smtp.senders`, and for users without one what `smtp.sender_default` says.
public struct SenderRules: Sendable {
    private let patterns: [String: [AddressPattern]]
    private let unlisted: SenderDefault

    /// `patterns`: per user, the address patterns allowed; `unlisted`: what the others may use (with `own`,
    /// listed users may also use their own domain).
    public init(_ patterns: [String: [AddressPattern]] = [:], default unlisted: SenderDefault) {
        self.patterns = patterns
        self.unlisted = unlisted
    }

    /// The patterns `user` may send as; nil when it may send as anyone.
    func allowed(for user: String) -> [AddressPattern]? {
        switch unlisted {
        case .any:
            return patterns[user]
        case .own:
            // A user named by an e-mail address owns its domain; any other name owns nothing by itself.
            var own = patterns[user] ?? []
            if let at = user.lastIndex(of: "@"), at != user.startIndex, user.index(after: at) != user.endIndex {
                own.append(AddressPattern("*@" + user[user.index(after: at)...]))
            }
            return own
        }
    }

    /// MAIL FROM: nil to accept. A user held to patterns may not use the null sender (a submission client has
    /// no reason to send bounces).
    public func mailFromRefusal(_ path: SMTPReversePath, user: String?) -> SMTPRefusal? {
        guard let user, let allowed = allowed(for: user) else { return nil }
        guard let address = path.mailbox?.description, allowed.contains(where: { $0.matches(address) }) else {
            return SMTPRefusal(SMTPServerReplies.senderNotOwned(path, user: user), .senderNotOwned)
        }
        return nil
    }

    /// The header, once the message is in: refused unless every `From:` and `Sender:` address, wherever it
    /// stands, is one the user may use, and the header reads one way only (one `From:`, addresses that parse),
    /// so that the webhook, a relay's recipients and this check all see the same sender. `headerBlock` is the
    /// header up to the blank line; `truncated` when the header went on past what was captured, which is
    /// refused rather than passed half-checked.
    public func headerRefusal(_ headerBlock: [UInt8], truncated: Bool, user: String?) -> SMTPRefusal? {
        guard let user, let allowed = allowed(for: user) else { return nil }
        if truncated {
            return SMTPRefusal(
                SMTPReply(552, "5.3.4", "Message header over \(HeaderCapture.limit) octets: too large for the sender check"),
                .messageTooLarge)
        }
        let fields = OriginatorFields(headerBlock: headerBlock)
        switch fields.problem {
        case .repeated(let field, let count):
            return Self.refusal("Message has \(count) \(field): fields; RFC 5322 allows one")
        case .unparseable(let field, _):
            return Self.refusal("\(field): header cannot be parsed as an address")
        case .notAField(let line):
            return Self.refusal("Header line \(line) is not a header field")
        case nil:
            break
        }
        for (field, addresses) in [("From", fields.from), ("Sender", fields.sender)] {
            for address in addresses where !allowed.contains(where: { $0.matches(address) }) {
                return Self.refusal("\(field): <\(address)> rejected: not owned by user \(user)")
            }
        }
        return nil
    }

    private static func refusal(_ text: String) -> SMTPRefusal {
        SMTPRefusal(SMTPReply(550, "5.7.1", text), .fromNotOwned)
    }
}
