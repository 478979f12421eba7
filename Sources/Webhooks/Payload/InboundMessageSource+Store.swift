import MailModel
import NIOCore
import Queue

extension InboundMessageSource {
    /// Reads a committed message back from the store; nil when it is gone (pruned or discarded).
    /// `recipients` narrows the envelope to one delivery's recipients.
    public static func load(_ id: MessageID, from store: any QueueStore, recipients: [String]? = nil) async throws -> InboundMessageSource? {
        guard let message = try await store.message(id), let body = try await store.messageBody(id) else { return nil }
        var buffer = try await body.collect(upTo: body.size)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        var envelope = message.envelope
        if let recipients { envelope.rcptTo = recipients }
        return InboundMessageSource(id: id.rawValue, receivedAt: message.createdAt, envelope: envelope, bytes: bytes)
    }
}
