/// The argument of RCPT TO: a mailbox, or the bare `<Postmaster>` every server must accept (RFC 5321 4.5.1).
public enum SMTPForwardPath: Hashable, Sendable, CustomStringConvertible {
    case postmaster
    case mailbox(SMTPMailbox)

    public var mailbox: SMTPMailbox? {
        if case .mailbox(let mailbox) = self { return mailbox }
        return nil
    }

    public var isASCII: Bool { self.mailbox?.isASCII ?? true }

    public var description: String {
        switch self {
        case .postmaster: return "<Postmaster>"
        case .mailbox(let mailbox): return "<\(mailbox)>"
        }
    }
}
