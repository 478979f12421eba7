/// The delivery events the relay publishes to `events.webhooks` (the `type` of `OutboundEvent` in openapi.yaml).
public enum OutboundEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case relayed = "message.relayed"
    case deferred = "message.deferred"
    case bounced = "message.bounced"
    case failed = "message.failed"
    case canceled = "message.canceled"
}
