/// Policy and limits of one listener.
public struct SMTPServerConfiguration: Sendable {
    public typealias RecipientPolicy = @Sendable (SMTPForwardPath, SMTPEnvelopeRecipientContext) -> SMTPRecipientVerdict
    /// Given the MAIL FROM path and the authenticated user, the refusal to send, or nil to accept.
    public typealias SenderPolicy = @Sendable (SMTPReversePath, String?) -> SMTPRefusal?

    public var hostname: String
    public var mode: SMTPSessionMode
    /// Whether a TLS context exists; STARTTLS is advertised only then, and only before TLS.
    public var tlsAvailable: Bool
    /// On `submission`, refuse AUTH and mail commands until STARTTLS (RFC 8314 recommends it).
    public var requireTLS: Bool
    public var maximumMessageSize: UInt64
    public var maximumRecipients: Int
    /// Commands allowed since the last accepted MAIL (or the connection start); beyond it, 421.
    public var maximumCommandsWithoutMail: Int
    /// Error replies allowed per session; the next one is replaced by 421 and the connection closes.
    public var maximumErrors: Int
    public var commandLineLimit: Int
    public var authLineLimit: Int
    /// RFC 5321 4.5.3.1.6: 1000 octets including CRLF.
    public var dataLineLimit: Int
    public var bareLineEndingPolicy: SMTPBareLineEndingPolicy
    /// Upper bound of one `appendMessage` buffer.
    public var maximumBodyChunkSize: Int
    /// Above this many unprocessed octets, ``SMTPServerStateMachine/wantsMoreInput`` turns false.
    public var maximumBufferedInput: Int
    public var commandTimeout: Duration
    public var dataTimeout: Duration
    /// How long one command line (or SASL response) may take to arrive once its first octet is in: the
    /// minimum command rate. The read timeout restarts with every octet; this does not.
    public var commandLineTimeout: Duration
    /// How long a session may last; it then ends with `421 4.4.2` once no message is under way.
    public var maximumSessionDuration: Duration
    /// Octets per second a client must average while it sends a message body, measured over each
    /// ``dataRateWindow`` (the first one is the grace period); 0 disables the check.
    public var minimumDataRate: Int
    public var dataRateWindow: Duration
    /// Consulted on every RCPT when set; on `inbound`, when nil, every recipient is refused.
    public var recipientPolicy: RecipientPolicy?
    /// Consulted on every MAIL after the session checks; nil accepts any sender.
    public var senderPolicy: SenderPolicy?

    public init(
        hostname: String,
        mode: SMTPSessionMode,
        tlsAvailable: Bool = true,
        requireTLS: Bool = true,
        maximumMessageSize: UInt64 = 26_214_400,
        maximumRecipients: Int = 100,
        maximumCommandsWithoutMail: Int = 50,
        maximumErrors: Int = 20,
        commandLineLimit: Int = 512,
        authLineLimit: Int = 12288,
        dataLineLimit: Int = 1000,
        bareLineEndingPolicy: SMTPBareLineEndingPolicy = .normalize,
        maximumBodyChunkSize: Int = 65_536,
        maximumBufferedInput: Int = 65_536,
        commandTimeout: Duration = .seconds(300),
        dataTimeout: Duration = .seconds(180),
        commandLineTimeout: Duration = .seconds(30),
        maximumSessionDuration: Duration = .seconds(600),
        minimumDataRate: Int = 1024,
        dataRateWindow: Duration = .seconds(30),
        recipientPolicy: RecipientPolicy? = nil,
        senderPolicy: SenderPolicy? = nil
    ) {
        self.hostname = hostname
        self.mode = mode
        self.tlsAvailable = tlsAvailable
        self.requireTLS = requireTLS
        self.maximumMessageSize = maximumMessageSize
        self.maximumRecipients = maximumRecipients
        self.maximumCommandsWithoutMail = maximumCommandsWithoutMail
        self.maximumErrors = maximumErrors
        self.commandLineLimit = commandLineLimit
        self.authLineLimit = authLineLimit
        self.dataLineLimit = dataLineLimit
        self.bareLineEndingPolicy = bareLineEndingPolicy
        self.maximumBodyChunkSize = maximumBodyChunkSize
        self.maximumBufferedInput = maximumBufferedInput
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
        self.commandLineTimeout = commandLineTimeout
        self.maximumSessionDuration = maximumSessionDuration
        self.minimumDataRate = minimumDataRate
        self.dataRateWindow = dataRateWindow
        self.recipientPolicy = recipientPolicy
        self.senderPolicy = senderPolicy
    }
}
