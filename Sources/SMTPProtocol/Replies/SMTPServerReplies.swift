/// The fixed replies of the server session, in one place so that tests and operators can find the exact
/// wording. Enhanced codes follow RFC 3463, RFC 4954 (AUTH) and RFC 3030 / 6531 where those define them.
public enum SMTPServerReplies {
    public static func greeting(_ hostname: String) -> SMTPReply { SMTPReply(code: 220, "\(hostname) ESMTP Mailgate") }
    public static func helo(_ hostname: String) -> SMTPReply { SMTPReply(code: 250, hostname) }
    public static let ok = SMTPReply(250, "2.0.0", "Ok")
    public static let senderOk = SMTPReply(250, "2.1.0", "Ok")
    public static func senderNotOwned(_ path: SMTPReversePath, user: String?) -> SMTPReply {
        SMTPReply(550, "5.7.1", "\(path): Sender address rejected: not owned by user \(user ?? "(unauthenticated)")")
    }
    public static let recipientOk = SMTPReply(250, "2.1.5", "Ok")
    public static let startData = SMTPReply(code: 354, "End data with <CR><LF>.<CR><LF>")
    public static func queued(_ id: String) -> SMTPReply { SMTPReply(250, "2.0.0", "Ok: queued as \(id)") }
    public static func chunkReceived(_ octets: UInt64) -> SMTPReply { SMTPReply(250, "2.0.0", "Ok: \(octets) octets received") }
    public static let commitFailed = SMTPReply(451, "4.3.0", "Error: queue file write error")
    public static let bye = SMTPReply(221, "2.0.0", "Bye")
    public static let help = SMTPReply(214, "2.0.0", "See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH")
    public static let cannotVerify = SMTPReply(252, "2.0.0", "Cannot VRFY user; try RCPT to attempt delivery")
    public static let readyToStartTLS = SMTPReply(220, "2.0.0", "Ready to start TLS")

    public static let needHelo = SMTPReply(503, "5.5.1", "Error: send HELO/EHLO first")
    public static let needEhlo = SMTPReply(503, "5.5.1", "Error: send EHLO first")
    public static let needMail = SMTPReply(503, "5.5.1", "Error: need MAIL command")
    public static let nestedMail = SMTPReply(503, "5.5.1", "Error: nested MAIL command")
    public static let noValidRecipients = SMTPReply(554, "5.5.1", "Error: no valid recipients")
    public static let dataAfterBDAT = SMTPReply(503, "5.5.1", "Error: DATA cannot follow BDAT in one transaction")
    public static let binaryNeedsBDAT = SMTPReply(503, "5.5.1", "Error: BODY=BINARYMIME requires BDAT")
    public static let recipientAfterBDAT = SMTPReply(503, "5.5.1", "Error: RCPT cannot follow BDAT")
    public static let tooManyRecipients = SMTPReply(452, "4.5.3", "Error: too many recipients")
    public static func unknownRecipient(_ path: SMTPForwardPath) -> SMTPReply {
        SMTPReply(550, "5.1.1", "\(path): Recipient address rejected: User unknown")
    }
    public static let recipientNeedsSMTPUTF8 = SMTPReply(553, "5.6.7", "Error: non-ASCII recipient requires SMTPUTF8")
    public static let declaredSizeTooBig = SMTPReply(552, "5.3.4", "Error: message size exceeds fixed limit")
    public static let commandLineTooLong = SMTPReply(500, "5.5.2", "Error: command line too long")
    public static let bareLFInCommand = SMTPReply(500, "5.5.2", "Error: bare LF in command line; lines must end in CRLF")

    public static let mustStartTLS = SMTPReply(530, "5.7.0", "Must issue a STARTTLS command first")
    public static let authenticationRequired = SMTPReply(530, "5.7.0", "Authentication required")
    public static let tlsAlreadyActive = SMTPReply(503, "5.5.1", "Error: TLS already active")
    public static let tlsNotAvailable = SMTPReply(502, "5.5.1", "Error: command not implemented")
    /// CVE-2011-0411: bytes behind STARTTLS would be read as if they had come through TLS.
    public static let pipelinedAfterSTARTTLS = SMTPReply(554, "5.5.1", "Error: command pipelined after STARTTLS")

    public static let authNotEnabled = SMTPReply(503, "5.5.1", "Error: authentication not enabled")
    public static let alreadyAuthenticated = SMTPReply(503, "5.5.1", "Error: already authenticated")
    public static let authDuringTransaction = SMTPReply(503, "5.5.1", "Error: MAIL transaction in progress")
    public static let unsupportedMechanism = SMTPReply(504, "5.5.4", "Error: unsupported authentication mechanism")
    public static let saslContinue = SMTPReply(code: 334, "")
    public static let loginUsernamePrompt = SMTPReply(code: 334, "VXNlcm5hbWU6")
    public static let loginPasswordPrompt = SMTPReply(code: 334, "UGFzc3dvcmQ6")
    public static let authAborted = SMTPReply(501, "5.7.0", "Error: authentication aborted")
    public static let invalidBase64 = SMTPReply(501, "5.5.2", "Error: cannot decode response")
    public static let authLineTooLong = SMTPReply(500, "5.5.6", "Error: authentication exchange line is too long")
    public static let authSucceeded = SMTPReply(235, "2.7.0", "Authentication successful")
    public static let authFailed = SMTPReply(535, "5.7.8", "Error: authentication credentials invalid")
    public static let authTemporaryFailure = SMTPReply(454, "4.7.0", "Temporary authentication failure")

    public static func timeout(_ hostname: String) -> SMTPReply { SMTPReply(421, "4.4.2", "\(hostname) Error: timeout exceeded") }
    public static func dataRateTooLow(_ hostname: String, minimum: Int) -> SMTPReply {
        SMTPReply(421, "4.4.2", "\(hostname) Error: data rate too low (minimum \(minimum) octets per second)")
    }
    public static func commandLineTooSlow(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.4.2", "\(hostname) Error: command line sent too slowly")
    }
    public static func sessionTooLong(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.4.2", "\(hostname) Error: session lasted too long, reconnect to go on")
    }
    public static func shuttingDown(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.3.2", "\(hostname) Service shutting down, try again later")
    }
    public static func tooManyErrors(_ hostname: String) -> SMTPReply { SMTPReply(421, "4.7.0", "\(hostname) Error: too many errors") }
    public static func tooManyCommands(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.7.0", "\(hostname) Error: too many commands without a mail transaction")
    }
}
