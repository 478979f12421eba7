import NIOCore

/// What the channel handler must do; it runs actions in order and nothing else.
public enum SMTPServerAction: Hashable, Sendable {
    /// Write the reply. The handler may batch replies and flush when an event's actions are done
    /// (RFC 2920 allows replies to a pipelined group to be sent together).
    case sendReply(SMTPReply)
    /// Write an error reply, batched like ``sendReply(_:)``; its reason is what the rejections metric counts.
    case sendRefusal(SMTPRefusal)
    /// Write and flush the reply, then install TLS before reading another byte. The next event is
    /// ``SMTPServerStateMachine/tlsEstablished(_:)`` (or an error).
    case sendReplyAndStartTLS(SMTPReply)
    /// Verify asynchronously, then report with ``SMTPServerStateMachine/authenticationCompleted(_:)``.
    case verifyCredentials(SMTPCredentials)
    /// A message body begins; open a spool entry for it.
    case startMessage(SMTPEnvelope)
    case appendMessage(ByteBuffer)
    /// Commit durably, then report with ``SMTPServerStateMachine/commitCompleted(_:)``.
    case commitMessage
    /// Drop the message started with `startMessage`.
    case abortMessage
    /// Write the reply if any, flush, and close; `abortMessage` when a started message must be dropped.
    /// `reason` is set when the reply is a refusal (a 421), nil for `221` or a silent close.
    case close(reply: SMTPReply?, reason: SMTPRejectionReason?, abortMessage: Bool)
}
