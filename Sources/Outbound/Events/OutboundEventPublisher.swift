import Foundation
import Queue
import Webhooks

/// Turns recipient outcomes into `event.deliver` jobs for the event webhooks that asked for their type. The
/// jobs are follow-ups of the transition that caused them (created in the same transaction), so an event is
/// never lost nor sent for an outcome that was not recorded.
public struct OutboundEventPublisher: Sendable {
    public struct Subscriber: Sendable, Hashable {
        /// `events.webhooks#N`: the name the `event.deliver` job stores.
        public var name: String
        public var types: Set<OutboundEventType>

        public init(name: String, types: Set<OutboundEventType>) {
            self.name = name
            self.types = types
        }
    }

    /// What the events say about the message itself.
    public struct MessageFacts: Sendable, Hashable {
        public var messageID: MessageID
        public var messageIDHeader: String?
        public var payload: OutboundRelayPayload
        public var attempts: Int

        public init(messageID: MessageID, messageIDHeader: String?, payload: OutboundRelayPayload, attempts: Int) {
            self.messageID = messageID
            self.messageIDHeader = messageIDHeader
            self.payload = payload
            self.attempts = attempts
        }
    }

    public let subscribers: [Subscriber]

    public init(subscribers: [Subscriber]) {
        self.subscribers = subscribers
    }

    public var isEmpty: Bool { subscribers.isEmpty }

    static let eventTypes: [DeliveryEventType: OutboundEventType] = [
        .relayed: .relayed, .deferred: .deferred, .bounced: .bounced, .failed: .failed, .canceled: .canceled,
    ]

    /// One job per subscriber per recipient event it subscribed to; recipient events of other types
    /// (`captured`) and job-level events publish nothing.
    public func jobs(for events: [DeliveryEventDraft], facts: MessageFacts, now: Date) -> [JobSpec] {
        guard !subscribers.isEmpty else { return [] }
        var jobs: [JobSpec] = []
        for event in events {
            guard let recipient = event.recipient, let type = Self.eventTypes[event.type] else { continue }
            let detail = UpstreamReplyDetail.decode(event.detail)
            let reply = detail.flatMap { detail in
                detail.code.map { OutboundEventBody.Reply(code: $0, enhancedCode: detail.enhancedCode, text: detail.text) }
            }
            let body = OutboundEventBody(
                type: type, messageID: facts.messageID.rawValue, messageIDHeader: facts.messageIDHeader,
                recipient: recipient, reply: reply,
                reason: reply == nil ? (detail?.text ?? event.detail) : nil, upstream: detail?.upstream,
                attempts: facts.attempts, tags: facts.payload.tags, metadata: facts.payload.metadata, at: now
            ).encoded()
            for subscriber in subscribers where subscriber.types.contains(type) {
                let payload = EventJobPayload(webhook: subscriber.name, body: body)
                jobs.append(JobSpec(kind: .eventDeliver, recipients: [recipient], payload: payload.encoded()))
            }
        }
        return jobs
    }
}
