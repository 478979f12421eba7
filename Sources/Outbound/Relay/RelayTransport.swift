import NIOCore
import Queue

/// Hands one message to an upstream. Implemented over `SMTPClient` by `SMTPClientTransport`, and by
/// `CapturingTransport` on a development instance; a test double in unit tests.
public protocol RelayTransport: Sendable {
    /// `body` is the store's `MessageBody`, or a `BufferedMessageBody` when the message was signed at relay time.
    func relay(_ envelope: RelayEnvelope, body: some AsyncSequence<ByteBuffer, any Error> & Sendable) async -> RelayAttempt
}
