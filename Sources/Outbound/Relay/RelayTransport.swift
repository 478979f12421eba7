import Queue

/// Hands one message to an upstream. Implemented over `SMTPClient` by `SMTPClientTransport`, and by
/// `CapturingTransport` on a development instance; a test double in unit tests.
public protocol RelayTransport: Sendable {
    func relay(_ envelope: RelayEnvelope, body: MessageBody) async -> RelayAttempt
}
