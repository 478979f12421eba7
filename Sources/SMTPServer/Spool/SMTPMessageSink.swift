import NIOCore
import SMTPProtocol

/// Where a session puts the messages it accepts: one spool per message, durable on `commit`.
public protocol SMTPMessageSink: Sendable {
    func begin(_ envelope: SMTPEnvelope, session: SMTPSessionInfo) -> any SMTPMessageSpool
}

/// One message being received. Calls never overlap: a session appends, then commits or aborts.
public protocol SMTPMessageSpool: Sendable {
    func append(_ bytes: ByteBuffer) async throws
    /// Returns the queue id for the final 250 once the message is durable.
    func commit() async throws -> String
    /// Drops whatever was appended; never throws, a failed cleanup is the store's to log.
    func abort() async
}
