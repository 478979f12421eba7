/// The argument of MAIL FROM: a mailbox, or `<>` for bounces and other notifications.
public enum SMTPReversePath: Hashable, Sendable, CustomStringConvertible {
    case null
    case mailbox(SMTPMailbox)

    public var mailbox: SMTPMailbox? {
        if case .mailbox(let mailbox) = self { return mailbox }
        return nil
    }

    public var description: String {
        switch self {
        case .null: return "<>"
        case .mailbox(let mailbox): return "<\(mailbox)>"
        }
    }
}
