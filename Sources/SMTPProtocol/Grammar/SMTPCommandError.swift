/// Why a command line was refused by the grammar, and the reply that says so.
public enum SMTPCommandError: Error, Hashable, Sendable {
    case unrecognizedCommand
    case syntax(usage: String)
    case invalidSender
    case invalidRecipient
    case unsupportedParameter(String)
    case invalidParameter(String)
    case duplicateParameter(String)
    case nonASCIIWithoutSMTPUTF8
    /// An unparseable BDAT leaves the octet count of the following chunk unknown: the session can only
    /// close, or the chunk's bytes would be read as commands.
    case invalidChunkSize

    public var reply: SMTPReply {
        switch self {
        case .unrecognizedCommand: return SMTPReply(500, "5.5.2", "Error: command not recognized")
        case .syntax(let usage): return SMTPReply(501, "5.5.4", "Syntax: \(usage)")
        case .invalidSender: return SMTPReply(501, "5.1.7", "Bad sender address syntax")
        case .invalidRecipient: return SMTPReply(501, "5.1.3", "Bad recipient address syntax")
        case .unsupportedParameter(let name): return SMTPReply(555, "5.5.4", "Unsupported option: \(name)")
        case .invalidParameter(let name): return SMTPReply(501, "5.5.4", "Bad parameter value: \(name)")
        case .duplicateParameter(let name): return SMTPReply(501, "5.5.4", "Duplicate parameter: \(name)")
        case .nonASCIIWithoutSMTPUTF8:
            return SMTPReply(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter")
        case .invalidChunkSize: return SMTPReply(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]")
        }
    }

    public var closesConnection: Bool { self == .invalidChunkSize }
}
