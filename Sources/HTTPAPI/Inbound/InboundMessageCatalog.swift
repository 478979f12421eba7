/// The received messages as the inbound API sees them. The HTTP side only validates, authorizes and
/// encodes; the gateway implements this over the queue store, so HTTPAPI stays free of storage code.
///
/// Any error thrown other than `InboundCatalogError` becomes a 500 whose text is logged, never sent.
public protocol InboundMessageCatalog: Sendable {
    func list(_ query: InboundListQuery) async throws -> InboundListPage
    /// The inbound JSON document as the webhook received it (bytes, already encoded); nil = no such message.
    func document(id: String) async throws -> [UInt8]?
    /// The stored RFC 822 bytes; nil = no such message.
    func raw(id: String) async throws -> [UInt8]?
    func deliveries(id: String) async throws -> InboundDeliveryReport?
    /// Sends the message to its webhooks again; nil = no such message.
    func redeliver(id: String) async throws -> InboundRedelivery?
}
