/// What the server does with a CR or LF that is not part of a CRLF pair, after Postfix's
/// `smtpd_forbid_bare_newline`. In both modes only CRLF "." CRLF ends a message, so no SMTP smuggling
/// variant can split one message into two.
public enum SMTPBareLineEndingPolicy: Hashable, Sendable {
    /// A bare CR or LF is stored as CRLF and ends a line, but never the message.
    case normalize
    /// A bare CR or LF fails the message (read to its real end, then a 5xx) or the command line.
    case reject
}
