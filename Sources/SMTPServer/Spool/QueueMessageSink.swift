import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Queue
import SMTPProtocol

/// Accepts messages into the durable queue: the body streams into a `MessageWriter` behind a Received
/// header, and the commit stores it with its envelope and delivery jobs in one durable transaction.
public struct QueueMessageSink: SMTPMessageSink {
    public typealias JobPlanner = @Sendable (SMTPEnvelope) -> [JobSpec]

    private let store: any QueueStore
    private let planJobs: JobPlanner

    /// - Parameter planJobs: the delivery jobs for a message (from the routes); by default one
    ///   `inbound.deliver` job for all recipients.
    public init(store: any QueueStore, planJobs: @escaping JobPlanner = QueueMessageSink.oneInboundJob) {
        self.store = store
        self.planJobs = planJobs
    }

    public static let oneInboundJob: JobPlanner = { envelope in
        [JobSpec(kind: .inboundDeliver, recipients: envelope.recipients.map { $0.path.mailbox?.description ?? $0.path.description })]
    }

    public func begin(_ envelope: SMTPEnvelope, session: SMTPSessionInfo) -> any SMTPMessageSpool {
        let writer = store.makeMessageWriter()
        let now = Date()
        let header = ReceivedHeader.render(envelope: envelope, session: session, queueID: writer.id.rawValue, date: now)
        let stored = Envelope(
            mailFrom: envelope.mailFrom.mailbox?.description ?? "",
            rcptTo: envelope.recipients.map { $0.path.mailbox?.description ?? $0.path.description },
            helo: envelope.heloName, remoteIP: session.remoteIP,
            tls: envelope.tls.map { EnvelopeTLS(version: $0.version, cipher: $0.cipher) },
            authUser: envelope.authenticatedUser, size: 0, receivedAt: now)
        return QueueMessageSpool(
            writer: writer, header: ByteBuffer(string: header), envelope: stored,
            metadata: Self.metadata(envelope, session: session), jobs: planJobs(envelope))
    }

    /// What the envelope carries beyond the queue's fields: DSN and ESMTP parameters, for later delivery
    /// status notifications and for the inbound JSON.
    static func metadata(_ envelope: SMTPEnvelope, session: SMTPSessionInfo) -> [String: String] {
        var metadata = ["listener": session.listener, "session_id": session.sessionID]
        let parameters = envelope.mailParameters
        if let ret = parameters.ret { metadata["dsn_ret"] = "\(ret)" }
        if let envid = parameters.envelopeID { metadata["dsn_envid"] = envid }
        if let body = parameters.body { metadata["body"] = "\(body)" }
        if parameters.smtpUTF8 { metadata["smtputf8"] = "true" }
        if let size = parameters.size { metadata["declared_size"] = String(size) }
        return metadata
    }
}

/// One message on its way into the queue. The session never overlaps calls, so the header flag needs
/// no lock of its own beyond the writer's.
final class QueueMessageSpool: SMTPMessageSpool {
    private let writer: MessageWriter
    private let header: ByteBuffer
    private let envelope: Envelope
    private let metadata: [String: String]
    private let jobs: [JobSpec]
    private let headerWritten = NIOLockedValueBox(false)

    init(writer: MessageWriter, header: ByteBuffer, envelope: Envelope, metadata: [String: String], jobs: [JobSpec]) {
        self.writer = writer
        self.header = header
        self.envelope = envelope
        self.metadata = metadata
        self.jobs = jobs
    }

    private func writeHeaderOnce() async throws {
        let first = headerWritten.withLockedValue { written in
            defer { written = true }
            return !written
        }
        if first { try await writer.append(header) }
    }

    func append(_ bytes: ByteBuffer) async throws {
        try await writeHeaderOnce()
        try await writer.append(bytes)
    }

    func commit() async throws -> String {
        try await writeHeaderOnce()
        var envelope = self.envelope
        envelope.size = writer.size
        return try await writer.commit(envelope: envelope, metadata: metadata, jobs: jobs).id.rawValue
    }

    func abort() async {
        await writer.abort()
    }
}
