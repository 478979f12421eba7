import MailModel
import Queue

/// Hands one message to an upstream. Implemented over `SMTPClient` by `SMTPClientTransport`, and by
/// `CapturingTransport` on a development instance; a test double in unit tests.
public protocol RelayTransport: Sendable {
    /// - Parameters:
    ///   - envelope: the message's envelope narrowed to the job's pending recipients, `size` the bytes relayed.
    ///   - body: those bytes (the stored body, or what the relay signed or built), named by the message's id.
    func relay(_ envelope: Envelope, body: MessageBody) async -> RelayAttempt
}
