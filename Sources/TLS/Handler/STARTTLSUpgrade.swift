import NIOCore

/// How the SMTP server upgrades a plaintext session (RFC 3207) without letting plaintext sent before the
/// upgrade be processed as if it had come over TLS (the CVE-2011-0411 class of command injection).
///
/// On `STARTTLS`, on the event loop:
/// 1. `try STARTTLSUpgrade.checkNoPipelinedPlaintext(bufferedByteCount:)` with the number of bytes the
///    session's line decoder still holds after the STARTTLS line. If it throws
///    `TLSError.plaintextPipelinedBeforeTLS`, reply with an error (e.g. `554 5.5.0 No pipelining before
///    STARTTLS`) in plaintext and close: nothing buffered is ever executed.
/// 2. Write and flush `220 2.0.0 Ready to start TLS`, then, in the same event-loop tick, call
///    `addServerHandler(context:to:)`, which puts a `TLSHandler` next to the socket. Every later byte goes
///    through TLS.
/// 3. Plaintext that arrives after the 220 (a slower pipelining client) reaches the TLS handler as the
///    would-be ClientHello; the handler fires `TLSError.plaintextInsteadOfHandshake` and closes.
/// 4. On `TLSHandshakeCompleted` the session resets its state to the post-greeting state (RFC 3207 §4.2),
///    discarding any earlier EHLO and AUTH knowledge.
public enum STARTTLSUpgrade {
    public static func checkNoPipelinedPlaintext(bufferedByteCount: Int) throws(TLSError) {
        if bufferedByteCount > 0 {
            throw .plaintextPipelinedBeforeTLS(byteCount: bufferedByteCount)
        }
    }

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
