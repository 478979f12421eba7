/// Why the client refused a message without sending it, from what the server announced in EHLO.
public enum SMTPClientMessageRefusal: Hashable, Sendable {
    /// RFC 1870: the declared size is over the server's `SIZE` limit.
    case sizeExceeded(limit: UInt64)
    /// RFC 6531: an address needs SMTPUTF8 and the server does not offer it.
    case smtpUTF8Unsupported
    /// RFC 6152: the message is 8-bit and the server does not offer 8BITMIME; the caller may re-encode it
    /// (quoted-printable or base64) and try again.
    case eightBitMIMEUnsupported

    /// Whether sending the same bytes to the same server can never succeed. An 8-bit message is not doomed:
    /// re-encoded, it can be sent, so it is not permanent.
    public var isPermanent: Bool {
        switch self {
        case .sizeExceeded, .smtpUTF8Unsupported: return true
        case .eightBitMIMEUnsupported: return false
        }
    }

    /// The reply recorded for each recipient.
    public var reply: SMTPReply {
        switch self {
        case .sizeExceeded(let limit): return SMTPReply(552, "5.3.4", "Message size exceeds the server's limit of \(limit)")
        case .smtpUTF8Unsupported: return SMTPReply(553, "5.6.7", "Server does not support SMTPUTF8")
        case .eightBitMIMEUnsupported: return SMTPReply(554, "5.6.3", "Server does not support 8BITMIME; the message must be re-encoded")
        }
    }
}
