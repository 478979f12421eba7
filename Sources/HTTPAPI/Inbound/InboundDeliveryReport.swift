/// Every delivery of one message (one per webhook and recipient group) and the history of their attempts.
public struct InboundDeliveryReport: Sendable, Equatable, Codable {
    public var deliveries: [InboundDelivery]
    /// Oldest first.
    public var events: [InboundDeliveryEvent]

    public init(deliveries: [InboundDelivery], events: [InboundDeliveryEvent]) {
        self.deliveries = deliveries
        self.events = events
    }
}
