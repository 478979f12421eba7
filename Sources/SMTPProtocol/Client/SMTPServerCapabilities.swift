/// What a server announced in its EHLO reply.
public struct SMTPServerCapabilities: Hashable, Sendable {
    public var pipelining = false
    /// RFC 1870; 0 when announced without a limit, nil when not announced.
    public var size: UInt64?
    public var eightBitMIME = false
    public var smtpUTF8 = false
    public var enhancedStatusCodes = false
    public var chunking = false
    public var dsn = false
    public var startTLS = false
    public var authMechanisms: [String] = []
    /// Every keyword line as the server sent it, for diagnosis (`mailgate probe`).
    public var extensions: [String] = []

    public init() {}

    /// Reads the keyword lines of a 250 EHLO reply (the first line is the server's greeting text).
    public init(ehloReply: SMTPReply) {
        self.extensions = Array(ehloReply.lines.dropFirst())
        for line in ehloReply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "PIPELINING": self.pipelining = true
            case "SIZE": self.size = words.count > 1 ? UInt64(words[1]) ?? 0 : 0
            case "8BITMIME": self.eightBitMIME = true
            case "SMTPUTF8": self.smtpUTF8 = true
            case "ENHANCEDSTATUSCODES": self.enhancedStatusCodes = true
            case "CHUNKING": self.chunking = true
            case "DSN": self.dsn = true
            case "STARTTLS": self.startTLS = true
            case "AUTH": self.authMechanisms = Array(words.dropFirst())
            default: continue
            }
        }
    }
}
