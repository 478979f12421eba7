import Foundation
import MailModel
import NIOConcurrencyHelpers
import NIOCore
import Queue
import SMTPProtocol

/// Accepts messages into the durable queue: the body streams into a `MessageWriter` behind a Received
/// header, and the commit stores it with its envelope and delivery jobs in one durable transaction.
public struct QueueMessageSink: SMTPMessageSink {
    private let store: any QueueStore
    private let policy: (any SMTPMailPolicy)?
    private let committed: (@Sendable () -> Void)?
    private let receivedNamesUser: Bool

    /// - Parameters:
    ///   - policy: plans each message once its header is in; without one, every message gets one
    ///     `inbound.deliver` job for all its recipients.
    ///   - committed: called after each commit that created jobs (to wake a worker in this process).
    ///   - receivedNamesUser: name the authenticated user in the `Received:` header (`smtp.received_auth_user`).
    public init(
        store: any QueueStore, policy: (any SMTPMailPolicy)? = nil, committed: (@Sendable () -> Void)? = nil,
        receivedNamesUser: Bool = false
    ) {
        self.store = store
        self.policy = policy
        self.committed = committed
        self.receivedNamesUser = receivedNamesUser
    }

    public func begin(_ envelope: SMTPEnvelope, session: SMTPSessionInfo) -> any SMTPMessageSpool {
        let writer = store.makeMessageWriter()
        let now = Date()
        let header = ReceivedHeader.render(
            envelope: envelope, session: session, queueID: writer.id.rawValue, date: now, namingUser: receivedNamesUser)
        let stored = Envelope(
            mailFrom: envelope.mailFrom.mailbox?.description ?? "",
            rcptTo: envelope.recipients.map(\.address),
            helo: envelope.heloName, remoteIP: session.remoteIP,
            tls: envelope.tls,
            authUser: envelope.authenticatedUser, size: 0, receivedAt: now)
        let policy = self.policy
        return QueueMessageSpool(
            writer: writer, header: ByteBuffer(string: header), envelope: stored,
            metadata: Self.metadata(envelope, session: session),
            plan: { capture in
                policy?.plan(envelope, session: session, headerBlock: capture.bytes, headerTruncated: capture.truncated)
                    ?? SMTPMessagePlan(jobs: [JobSpec(kind: .inboundDeliver, recipients: envelope.recipients.map(\.address))])
            },
            committed: committed)
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

extension SMTPEnvelopeRecipient {
    /// The address as stored and routed: the mailbox, or the path as written for `<postmaster>`.
    public var address: String { path.mailbox?.description ?? path.description }
}

/// One message on its way into the queue. The session never overlaps calls; the lock only makes the
/// mutable state safe to reach from the tasks those calls run on.
final class QueueMessageSpool: SMTPMessageSpool {
    private struct Progress {
        var headerWritten = false
        var capture = HeaderCapture()
    }

    private let writer: MessageWriter
    private let header: ByteBuffer
    private let envelope: Envelope
    private let metadata: [String: String]
    private let plan: @Sendable (HeaderCapture) -> SMTPMessagePlan
    private let committed: (@Sendable () -> Void)?
    private let progress = NIOLockedValueBox(Progress())

    init(
        writer: MessageWriter, header: ByteBuffer, envelope: Envelope, metadata: [String: String],
        plan: @escaping @Sendable (HeaderCapture) -> SMTPMessagePlan, committed: (@Sendable () -> Void)?
    ) {
        self.writer = writer
        self.header = header
        self.envelope = envelope
        self.metadata = metadata
        self.plan = plan
        self.committed = committed
    }

    private func writeHeaderOnce() async throws {
        let first = progress.withLockedValue { progress in
            defer { progress.headerWritten = true }
            return !progress.headerWritten
        }
        if first { try await writer.append(header) }
    }

    func append(_ bytes: ByteBuffer) async throws {
        try await writeHeaderOnce()
        progress.withLockedValue { $0.capture.feed(bytes.readableBytesView) }
        try await writer.append(bytes)
    }

    func appendWithoutWaiting(_ bytes: ByteBuffer) throws -> Bool {
        try progress.withLockedValue { progress in
            if !progress.headerWritten {
                guard try writer.appendIfBuffered(header) else { return false }
                progress.headerWritten = true
            }
            guard try writer.appendIfBuffered(bytes) else { return false }
            progress.capture.feed(bytes.readableBytesView)
            return true
        }
    }

    func commit() async throws -> SMTPCommitResult {
        let plan = self.plan(progress.withLockedValue { $0.capture })
        if let refusal = plan.refusal {
            await writer.abort()
            return .failed(refusal)
        }
        try await writeHeaderOnce()
        var envelope = self.envelope
        envelope.size = writer.size
        let message = try await writer.commit(
            envelope: envelope, metadata: metadata.merging(plan.metadata) { _, new in new }, jobs: plan.jobs)
        if !plan.jobs.isEmpty { committed?() }
        if let afterCommit = plan.afterCommit { return await afterCommit(message) }
        return .queued(id: message.id.rawValue)
    }

    func abort() async {
        await writer.abort()
    }
}
