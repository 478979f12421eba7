import MailModel
import NIOCore
import Queue

/// The development instance's transport: nothing is relayed, every recipient reads `captured`, so that a
/// developer's first send works without a smarthost (as Mailpit does). Never used when an upstream is set.
public struct CapturingTransport: RelayTransport {
    public init() {}

    public func relay(_ envelope: Envelope, body: MessageBody) async -> RelayAttempt {
        .captured
    }
}
