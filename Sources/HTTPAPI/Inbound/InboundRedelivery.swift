/// The delivery jobs a redelivery created, one per webhook the message's route names today.
public struct InboundRedelivery: Sendable, Equatable, Codable {
    public var deliveries: [String]

    public init(deliveries: [String]) {
        self.deliveries = deliveries
    }
}
