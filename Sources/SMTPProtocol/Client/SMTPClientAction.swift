import NIOCore

/// What the relay client's channel handler must do.
public enum SMTPClientAction: Hashable, Sendable {
    /// Write (one command, or a pipelined group) and flush.
    case send(ByteBuffer)
    /// Install TLS; report with ``SMTPClientStateMachine/tlsEstablished()``.
    case startTLS
    /// Stream the body through an ``SMTPDataEncoder`` (ending with `finish`), then call
    /// ``SMTPClientStateMachine/bodySent()``.
    case sendBody
    /// The session is established and idle: hand it a message or quit.
    case ready
    case transactionCompleted(SMTPDeliveryReport)
    /// The session cannot continue; `close` follows.
    case failed(SMTPClientError)
    case close
}
