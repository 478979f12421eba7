/// Where a received message stands, summarized over all its deliveries.
public enum InboundMessageStatus: String, Sendable, Codable, CaseIterable {
    case pending, delivered, failed, dead, held
}
