import Queue

/// The per-recipient history entries of outbound messages. `deferred` and `failed` are the queue's own.
extension DeliveryEventType {
    /// The upstream answered 2xx for the recipient.
    public static let relayed: DeliveryEventType = "relayed"
    /// The upstream refused the recipient for good (5xx), or the message could never be sent to it.
    public static let bounced: DeliveryEventType = "bounced"
    /// `DELETE /v1/messages/{id}` before the first attempt.
    public static let canceled: DeliveryEventType = "canceled"
    /// A development instance kept the message instead of relaying it.
    public static let captured: DeliveryEventType = "captured"
}
