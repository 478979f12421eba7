/// A history entry a worker adds (e.g. one per recipient with the smarthost's reply).
public struct DeliveryEventDraft: Sendable, Hashable {
    public var recipient: String?
    public var type: DeliveryEventType
    public var detail: String?

    public init(recipient: String? = nil, type: DeliveryEventType, detail: String? = nil) {
        self.recipient = recipient
        self.type = type
        self.detail = detail
    }
}
