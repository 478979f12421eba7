import NIOCore
import SMTPProtocol

/// Where a session puts the messages it accepts: one spool per message, durable on `commit`.
public protocol SMTPMessageSink: Sendable {
    func begin(_ envelope: SMTPEnvelope, session: SMTPSessionInfo) -> any SMTPMessageSpool
}

/// One message being received. Calls never overlap: a session appends, then commits or aborts.
public protocol SMTPMessageSpool: Sendable {
    func append(_ bytes: ByteBuffer) async throws
    /// Appends at once if that needs no I/O (the bytes only join a buffer); false when the caller must use
    /// `append`. Saves the hop to a task for the small chunks most messages are made of.
    func appendWithoutWaiting(_ bytes: ByteBuffer) throws -> Bool
    /// Stores the message durably and says what to reply: `.queued` with the queue id for the final
    /// 250, or a refusal (a policy or a sync webhook said no). Throws when the store fails.
    func commit() async throws -> SMTPCommitResult
    /// Drops whatever was appended; never throws, a failed cleanup is the store's to log.
    func abort() async
}

extension SMTPMessageSpool {
    public func appendWithoutWaiting(_ bytes: ByteBuffer) throws -> Bool { false }
}
