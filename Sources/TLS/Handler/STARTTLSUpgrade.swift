import NIOCore

/// How the SMTP server upgrades a plaintext session (RFC 3207) without letting plaintext sent before the
/// upgrade be processed as if it had come over TLS (the CVE-2011-0411 class of command injection).
///
/// On `STARTTLS`, on the event loop:
/// 1. The session refuses STARTTLS when bytes were pipelined behind it, and closes: nothing buffered is ever
///    executed (`SMTPServerStateMachine` does this; it holds the buffered input, so the check is its).
/// 2. Write and flush `220 2.0.0 Ready to start TLS`, then, in the same event-loop tick, call
///    `addServerHandler(context:to:)`, which puts a `TLSHandler` next to the socket. Every later byte goes
///    through TLS.
/// 3. Plaintext that arrives after the 220 (a slower pipelining client) reaches the TLS handler as the
///    would-be ClientHello; the handler fires `TLSError.plaintextInsteadOfHandshake` and closes.
/// 4. On `TLSHandshakeCompleted` the session resets its state to the post-greeting state (RFC 3207 §4.2),
///    discarding any earlier EHLO and AUTH knowledge.
public enum STARTTLSUpgrade {
    /// Adds a server `TLSHandler` first in the pipeline of an active channel; the handshake starts at once.
    @discardableResult
    public static func addServerHandler(
        context: TLSContext,
        to pipeline: ChannelPipeline.SynchronousOperations
    ) throws -> TLSHandler {
        let handler = try TLSHandler(context: context)
        try pipeline.addHandler(handler, position: .first)
        return handler
    }
}
