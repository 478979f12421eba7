/// The three listener kinds of Mailgate.
public enum SMTPSessionMode: Hashable, Sendable {
    /// Port 587: plaintext greeting, STARTTLS offered, AUTH required (and only after TLS).
    case submission
    /// Port 465: TLS from the first byte (RFC 8314), AUTH required.
    case submissions
    /// Port 25 MX: no AUTH; a recipient is accepted only if the recipient policy says so.
    case inbound
}
