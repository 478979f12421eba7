import Foundation
import HTTPAPI
import HTTPClient
import MailModel
import Queue
import Webhooks

/// The inbound API over the queue: the listing, the JSON document as the webhooks get it (rendered again
/// from the stored bytes: the same parser gives the same document), the raw message, the delivery
/// history, and redelivery.
struct QueueInboundCatalog: InboundMessageCatalog {
    let store: any QueueStore
    let signal: WorkSignal
    let renderer = WebhookBodyRenderer()

    func list(_ query: InboundListQuery) async throws -> InboundListPage {
        if let cursor = query.cursor, cursor.isEmpty || !cursor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw InboundCatalogError.invalidCursor
        }
        let listed = try await store.messages(matching: MessageQuery(
            recipient: query.recipient, sender: query.sender, since: query.since, until: query.until,
            state: query.status.flatMap { MessageState(rawValue: $0.rawValue) }, before: query.cursor.map { MessageID($0) },
            limit: query.limit))
        let summaries = listed.map { entry in
            let message = entry.message
            return InboundMessageSummary(
                id: message.id.rawValue, receivedAt: message.createdAt, mailFrom: message.envelope.mailFrom,
                rcptTo: message.envelope.rcptTo, size: message.size, subject: message.metadata["subject"],
                status: InboundMessageStatus(rawValue: entry.state.rawValue) ?? .pending,
                listener: message.metadata["listener"].map { $0.hasPrefix("smtp.") ? String($0.dropFirst(5)) : $0 })
        }
        return InboundListPage(messages: summaries, nextCursor: listed.count == query.limit ? listed.last?.message.id.rawValue : nil)
    }

    func document(id: String) async throws -> [UInt8]? {
        guard let source = try await InboundMessageSource.load(MessageID(id), from: store) else { return nil }
        return try renderer.json(source)
    }

    func raw(id: String) async throws -> [UInt8]? {
        try await InboundMessageSource.load(MessageID(id), from: store)?.bytes
    }

    func deliveries(id: String) async throws -> InboundDeliveryReport? {
        let messageID = MessageID(id)
        guard try await store.message(messageID) != nil else { return nil }
        let jobs = try await store.jobs(for: messageID)
        let deliveries = jobs.map { job in
            let payload = InboundDeliveryPayload.decode(job.payload)
            return InboundDelivery(
                id: job.id.rawValue, route: payload?.route,
                webhook: job.kind == .eventDeliver ? "events" : payload?.label, recipients: job.recipients,
                state: job.state.rawValue, attempts: job.attempts, lastError: job.lastError.map(RedactedURL.redactingURLs(in:)),
                nextAttemptAt: job.state == .queued ? job.nextAttemptAt : nil, finishedAt: job.finishedAt)
        }
        let events = try await store.events(for: messageID).map { event in
            InboundDeliveryEvent(
                at: event.at, type: event.type.rawValue, detail: event.detail.map(RedactedURL.redactingURLs(in:)),
                deliveryID: event.jobID?.rawValue,
                recipient: event.recipient)
        }
        return InboundDeliveryReport(deliveries: deliveries, events: events)
    }

    /// Dead and failed deliveries are retried as they are (same `webhook-id`); delivered ones get a new
    /// delivery (a new id, since the receiver did take the first); those still under way are left alone.
    func redeliver(id: String) async throws -> InboundRedelivery? {
        let messageID = MessageID(id)
        guard try await store.message(messageID) != nil else { return nil }
        var ids: [String] = []
        var copies: [JobSpec] = []
        for job in try await store.jobs(for: messageID) where job.kind == .inboundDeliver {
            switch job.state {
            case .dead, .failed:
                try await store.retry(job: job.id)
                ids.append(job.id.rawValue)
            case .delivered:
                copies.append(JobSpec(kind: .inboundDeliver, recipients: job.recipients, payload: job.payload))
            case .queued, .leased:
                continue
            }
        }
        if !copies.isEmpty {
            ids += try await store.enqueue(copies, for: messageID).map(\.rawValue)
        }
        if !ids.isEmpty { signal.notify() }
        return InboundRedelivery(deliveries: ids)
    }
}
