/// Why the server refused a command, a message or a connection: the `reason` label of the rejections
/// metric. Derived from the reply the state machine already chose, so that every refusal is classified
/// here, in one place, next to the replies it reads.
public enum SMTPRejectionReason: String, Hashable, Sendable, CaseIterable {
    case unknownRecipient = "unknown_recipient"
    case tooManyRecipients = "too_many_recipients"
    case messageTooLarge = "message_too_large"
    case lineTooLong = "line_too_long"
    case bareLineEnding = "bare_line_ending"
    case tlsRequired = "tls_required"
    case authRequired = "auth_required"
    case authFailed = "auth_failed"
    /// `454 4.7.0`: a lockout after repeated failures, or the users file unavailable.
    case authUnavailable = "auth_unavailable"
    case senderNotOwned = "sender_not_owned"
    /// Another refusal by a sender or recipient policy (an `X.7.x` code).
    case policy
    case pipelinedAfterSTARTTLS = "pipelined_after_starttls"
    case tooManyErrors = "too_many_errors"
    case tooManyCommands = "too_many_commands"
    case connectionLimit = "connection_limit"
    case timeout
    case dataRate = "data_rate"
    case commitFailed = "commit_failed"
    case shutdown
    /// The listener expects a PROXY protocol header and got none, or a malformed one.
    case proxyProtocol = "proxy_protocol"
    /// Commands out of sequence, syntax errors, unsupported parameters or mechanisms.
    case protocolError = "protocol_error"
    case other

    /// nil for a positive reply. `hostname` is the session's, which the 421 replies carry.
    public init?(reply: SMTPReply, hostname: String) {
        typealias Replies = SMTPServerReplies
        guard reply.code >= 400 else { return nil }
        let enhanced = reply.enhancedCode
        switch (reply.code, enhanced?.description ?? "") {
        case (421, "4.4.2"): self = reply == Replies.timeout(hostname) ? .timeout : .dataRate
        case (421, "4.7.0"):
            if reply == Replies.tooManyErrors(hostname) {
                self = .tooManyErrors
            } else if reply == Replies.tooManyCommands(hostname) {
                self = .tooManyCommands
            } else {
                self = .connectionLimit
            }
        case (421, "4.3.2"): self = .shutdown
        case (550, "5.1.1"): self = .unknownRecipient
        case (452, "4.5.3"): self = .tooManyRecipients
        case (552, "5.3.4"): self = .messageTooLarge
        case (554, "5.6.0"), (500, "5.5.6"): self = .lineTooLong
        case (530, "5.7.0"): self = reply == Replies.mustStartTLS ? .tlsRequired : .authRequired
        case (535, "5.7.8"): self = .authFailed
        case (454, "4.7.0"): self = .authUnavailable
        case (550, "5.7.1"): self = .senderNotOwned
        case (554, "5.5.1") where reply == Replies.pipelinedAfterSTARTTLS: self = .pipelinedAfterSTARTTLS
        case (500, "5.5.2") where reply == Replies.commandLineTooLong: self = .lineTooLong
        case (500, "5.5.2") where reply == Replies.bareLFInCommand: self = .bareLineEnding
        case (554, "5.5.2") where reply == SMTPMessageFailure.bareLineEnding.reply: self = .bareLineEnding
        default:
            switch (enhanced?.statusClass, enhanced?.subject) {
            case (4, 3): self = .commitFailed
            case (_, 5), (_, 6): self = .protocolError
            case (_, 7): self = .policy
            default: self = (500...504).contains(reply.code) ? .protocolError : .other
            }
        }
    }
}
