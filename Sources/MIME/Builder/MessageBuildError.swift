/// Why a draft cannot be written. Every case names the offending field as a JSON pointer relative to the send
/// request (`/from`, `/to/3`, `/subject`, `/headers/X-Foo`, `/attachments/0/filename`), for the API's 422.
public enum MessageBuildError: Error, Hashable, CustomStringConvertible {
    /// CR, LF, NUL, another C0 control (TAB excepted) or DEL in a header-bound field: refused, never written.
    case controlCharacter(field: String)
    /// Not an RFC 5321 mailbox (`local@domain`, dot-atom local part, host name or address literal domain).
    case invalidAddress(field: String)
    /// A non-ASCII local part needs SMTPUTF8 and a non-ASCII domain needs IDNA: neither is supported yet.
    case internationalAddress(field: String)
    /// Not an RFC 5322 field name (printable ASCII except `:`, at most 76 octets).
    case invalidHeaderName(field: String)
    /// A field the builder writes itself (From, Date, Content-*…): it cannot be given as an extra header.
    case structuralHeader(field: String)
    /// A word of a header value that would not fit on a 998-octet line.
    case headerTooLong(field: String)
    /// Not `type/subtype[; parameter=value…]`, or a multipart/* or message/* type (never sent base64).
    case invalidContentType(field: String)
    /// Not a printable msg-id-like token, or used twice.
    case invalidContentID(field: String)
    /// Empty (after trimming blanks) or longer than 255 UTF-8 octets.
    case invalidFilename(field: String)
    /// Not an RFC 5322 msg-id (`left@right`, without angle brackets).
    case invalidMessageID(field: String)
    /// No text, no html and no attachment.
    case emptyMessage(field: String)

    public var field: String {
        switch self {
        case .controlCharacter(let field), .invalidAddress(let field), .internationalAddress(let field),
            .invalidHeaderName(let field), .structuralHeader(let field), .headerTooLong(let field),
            .invalidContentType(let field), .invalidContentID(let field), .invalidFilename(let field),
            .invalidMessageID(let field), .emptyMessage(let field):
            return field
        }
    }

    public var description: String {
        switch self {
        case .controlCharacter: "contains a control character (CR, LF, NUL…)"
        case .invalidAddress: "is not a valid mailbox address (local@domain)"
        case .internationalAddress: "has a non-ASCII local part or domain (SMTPUTF8/IDN are not supported; use the xn-- form of the domain)"
        case .invalidHeaderName: "is not a valid header field name"
        case .structuralHeader: "is a header field set by the gateway"
        case .headerTooLong: "has a word too long for a header line"
        case .invalidContentType: "is not a valid attachment content type"
        case .invalidContentID: "is not a valid or unique content id"
        case .invalidFilename: "is empty or longer than 255 bytes"
        case .invalidMessageID: "is not a valid message id"
        case .emptyMessage: "the message has no text, no html and no attachment"
        }
    }
}
