/// Why a message body was refused; decided while streaming, answered after the body's real end.
public enum SMTPMessageFailure: Hashable, Sendable {
    case sizeExceeded(limit: UInt64)
    case lineTooLong(limit: Int)
    case bareLineEnding

    public var reply: SMTPReply {
        switch self {
        case .sizeExceeded:
            return SMTPReply(552, "5.3.4", "Error: message size exceeds fixed maximum message size")
        case .lineTooLong(let limit):
            return SMTPReply(554, "5.6.0", "Error: message line longer than \(limit) octets including CRLF")
        case .bareLineEnding:
            return SMTPReply(554, "5.5.2", "Error: bare CR or LF in message data; lines must end in CRLF")
        }
    }

    /// The rejections metric's label for this refusal.
    public var reason: SMTPRejectionReason {
        switch self {
        case .sizeExceeded: .messageTooLarge
        case .lineTooLong: .lineTooLong
        case .bareLineEnding: .bareLineEnding
        }
    }
}
