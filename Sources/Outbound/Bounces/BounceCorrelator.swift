import Foundation
import Logging
import MailModel
import MIME
import NIOCore
import Queue

/// Takes a delivery status report received on the MX listener (already committed as an inbound message) and,
/// when it answers a message we relayed, turns the recipients it reports failed `bounced` with the remote
/// diagnostic: their events and the `message.bounced` event jobs in one store transaction.
public struct BounceCorrelator: Sendable {
    private let store: any QueueStore
    private let events: OutboundEventPublisher
    private let logger: Logger

    public init(store: any QueueStore, events: OutboundEventPublisher, logger: Logger) {
        self.store = store
        self.events = events
        self.logger = logger
    }

    /// Reads report `id` back from the store; returns the recipients it turned `bounced` (none when the report
    /// is not about a message of ours). Failures are logged: the report itself stays stored and routed.
    @discardableResult
    public func take(report id: MessageID) async -> [String] {
        do {
            guard let stored = try await store.message(id), let body = try await store.messageBody(id) else { return [] }
            let bytes = Array(buffer: try await body.collect(upTo: max(stored.size, 1)))
            guard let report = DeliveryStatusReportParser.parse(bytes), let envelopeID = report.envelopeID else {
                return []
            }
            let original = MessageID(envelopeID)
            guard let message = try await store.message(original) else { return [] }
            let jobs = try await store.jobs(for: original)
            let states = RecipientStatusResolver.resolve(
                recipients: message.envelope.rcptTo, createdAt: message.createdAt, jobs: jobs,
                events: try await store.events(for: original), now: store.clock.now())
            let drafts = BounceCorrelation.events(for: report, message: message, states: states)
            guard !drafts.isEmpty else { return [] }
            let payload = jobs.first { $0.kind == .outboundRelay }.map { OutboundRelayPayload.decode($0.payload) }
            let facts = OutboundEventPublisher.MessageFacts(
                messageID: original, messageIDHeader: message.metadata[OutboundMessageMetadata.messageID],
                payload: payload ?? OutboundRelayPayload(), attempts: jobs.first { $0.kind == .outboundRelay }?.attempts ?? 1)
            try await store.recordEvents(
                drafts, message: original, job: nil, followUps: events.jobs(for: drafts, facts: facts, now: store.clock.now()))
            let recipients = drafts.compactMap(\.recipient)
            logger.info(
                "a delivery status report bounced relayed recipients",
                metadata: ["report": "\(id)", "message_id": "\(original)", "recipients": "\(recipients)"])
            return recipients
        } catch {
            logger.error("reading a delivery status report failed", metadata: ["report": "\(id)", "error": "\(error)"])
            return []
        }
    }
}
