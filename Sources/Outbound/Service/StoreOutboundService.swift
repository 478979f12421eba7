import Foundation
import MailModel
import NIOCore
import Queue

/// The outbound service over the queue: sends through `OutboundSubmitter`, reads status back with
/// `RecipientStatusResolver`.
public struct StoreOutboundService: OutboundMessageService {
    private let store: any QueueStore
    private let submitter: OutboundSubmitter
    /// The relay's signers: SMTP-submitted mail is signed at relay time, and `raw` shows it as relayed.
    private let signers: DKIMSignerSet
    /// A raw message larger than this is not read into memory for the API.
    private let maximumRawSize: Int
    private let events: OutboundEventPublisher
    private let eventSignal: WorkSignal?

    public init(
        store: any QueueStore, submitter: OutboundSubmitter, events: OutboundEventPublisher = OutboundEventPublisher(subscribers: []),
        eventSignal: WorkSignal? = nil, signers: DKIMSignerSet = DKIMSignerSet(), maximumRawSize: Int = 64 * 1024 * 1024
    ) {
        self.store = store
        self.submitter = submitter
        self.signers = signers
        self.events = events
        self.eventSignal = eventSignal
        self.maximumRawSize = maximumRawSize
    }

    public func send(_ submission: OutboundSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt {
        try await submitter.submit(submission, answer: answer)
    }

    public func send(raw: RawSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt {
        try await submitter.submit(raw: raw, answer: answer)
    }

    public func send(
        batch: [OutboundSubmission], answer: OutboundAnswerRecord<[OutboundSubmitter.BatchOutcome]>?
    ) async throws -> [OutboundSubmitter.BatchOutcome] {
        try await submitter.submit(batch: batch, answer: answer)
    }

    public func report(id: String) async throws -> OutboundMessageReport? {
        guard let message = try await outboundMessage(id) else { return nil }
        let jobs = try await store.jobs(for: message.id)
        let events = try await store.events(for: message.id)
        return Self.report(message: message, jobs: jobs, events: events, now: store.clock.now())
    }

    /// Messages one listing request reads at most while a `status` filter leaves them out.
    static let listScanBudget = 1000

    public func list(_ query: OutboundListQuery) async throws -> OutboundListPage {
        var scan = OutboundListScan(limit: query.limit, status: query.status, budget: max(query.limit, Self.listScanBudget))
        var before = query.cursor
        // With a status filter most rows may be left out, so the store is read in larger pages.
        let pageSize = query.status == nil ? query.limit : max(query.limit, 100)
        while true {
            let batch = try await store.messages(matching: MessageQuery(
                recipient: query.recipient, since: query.since, until: query.until,
                metadataKey: OutboundMessageMetadata.origin, tag: query.tag, before: before, limit: pageSize))
            let exhausted = batch.count < pageSize
            let now = store.clock.now()
            for (index, listed) in batch.enumerated() {
                let message = listed.message
                before = message.id
                let jobs = try await store.jobs(for: message.id)
                let events = try await store.events(for: message.id)
                let report = Self.report(message: message, jobs: jobs, events: events, now: now)
                guard scan.take(report) else {
                    let last = exhausted && index == batch.count - 1
                    return OutboundListPage(messages: scan.kept, nextCursor: last ? nil : message.id.rawValue)
                }
            }
            if exhausted { return OutboundListPage(messages: scan.kept, nextCursor: nil) }
        }
    }

    public func raw(id: String) async throws -> [UInt8]? {
        guard let message = try await outboundMessage(id), let body = try await store.messageBody(message.id) else {
            return nil
        }
        var buffer = try await body.collect(upTo: maximumRawSize)
        return try signers.relayedBytes(of: message, body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    public func cancel(id: String) async throws -> OutboundCancellation {
        guard let message = try await outboundMessage(id) else { return .notFound }
        let jobs = try await store.jobs(for: message.id).filter { $0.kind == .outboundRelay }
        var canceledAny = false
        for job in jobs where job.state == .queued && job.attempts == 0 {
            let events = job.recipients.map {
                DeliveryEventDraft(recipient: $0, type: .canceled, detail: "canceled through the API")
            }
            guard try await store.cancel(job: job.id, events: events) else { continue }
            canceledAny = true
            await publish(events, job: job, message: message)
        }
        guard let report = try await report(id: id) else { return .notFound }
        return canceledAny ? .canceled(report) : .tooLate(report)
    }

    /// The cancel is committed first; its events follow in a second transaction (a crash between the two
    /// loses the notice, never the cancel).
    private func publish(_ drafts: [DeliveryEventDraft], job: Job, message: StoredMessage) async {
        let facts = OutboundEventPublisher.MessageFacts(
            messageID: message.id, messageIDHeader: message.metadata[OutboundMessageMetadata.messageID],
            payload: OutboundRelayPayload.decode(job.payload), attempts: job.attempts)
        let jobs = self.events.jobs(for: drafts, facts: facts, now: store.clock.now())
        guard !jobs.isEmpty else { return }
        _ = try? await store.enqueue(jobs, for: message.id)
        eventSignal?.notify()
    }

    /// Only messages the send API or the relay made; an inbound message id reads as not found here.
    private func outboundMessage(_ id: String) async throws -> StoredMessage? {
        guard !id.isEmpty, let message = try await store.message(MessageID(id)),
            message.metadata[OutboundMessageMetadata.origin] != nil
        else { return nil }
        return message
    }

    static func report(message: StoredMessage, jobs: [Job], events: [DeliveryEvent], now: Date) -> OutboundMessageReport {
        let relayJobs = jobs.filter { $0.kind == .outboundRelay }
        let payload = relayJobs.first.map { OutboundRelayPayload.decode($0.payload) } ?? OutboundRelayPayload()
        let sendAt = message.metadata[OutboundMessageMetadata.sendAt].flatMap { try? Date($0, strategy: .iso8601) }
        let recipients = RecipientStatusResolver.resolve(
            recipients: message.envelope.rcptTo, createdAt: message.createdAt, jobs: relayJobs, events: events,
            now: now)
        return OutboundMessageReport(
            id: message.id, messageID: message.metadata[OutboundMessageMetadata.messageID],
            mailFrom: message.envelope.mailFrom, createdAt: message.createdAt, sendAt: sendAt,
            attempts: relayJobs.map(\.attempts).reduce(0, +), tags: payload.tags, metadata: payload.metadata,
            recipients: recipients, events: events.sorted { $0.sequence < $1.sequence })
    }
}
