/// Why the server refused a command, a message or a connection: the `reason` label of the rejections
/// metric. Chosen where the refusal is decided (the state machine, a policy, the message plan) and carried
/// with the reply in ``SMTPRefusal``, never read back from the reply's text.
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
    /// MAIL FROM with an address the authenticated user may not use.
    case senderNotOwned = "sender_not_owned"
    /// A `From:` or `Sender:` header address the authenticated user may not use, or a header that names its
    /// sender ambiguously (two `From:` fields, one that does not parse).
    case fromNotOwned = "from_not_owned"
    /// A route with the `reject` action, at RCPT or (for a header condition) after DATA.
    case routeRejected = "route_rejected"
    /// A sync webhook refused the message.
    case webhookRefused = "webhook_refused"
    /// A sync webhook did not answer in time or asked for a retry: 451 so the sending MTA tries again.
    case webhookDeferred = "webhook_deferred"
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
}
