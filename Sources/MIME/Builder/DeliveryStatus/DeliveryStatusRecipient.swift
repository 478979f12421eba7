/// One recipient's block of a `message/delivery-status` part (RFC 3464 §2.3): always `Action: failed`, since
/// Mailgate reports only recipients it has given up on.
public struct DeliveryStatusRecipient: Sendable, Hashable, Codable {
    /// The address as it was relayed (`Final-Recipient: rfc822;…`).
    public var finalRecipient: String
    /// An RFC 3463 status, `5.x.x`.
    public var status: String
    /// `host:port` of the upstream that refused, when one answered.
    public var remoteMTA: String?
    /// The upstream's reply (`Diagnostic-Code: smtp; …`), or why no upstream decided.
    public var diagnostic: String

    public init(finalRecipient: String, status: String, remoteMTA: String?, diagnostic: String) {
        self.finalRecipient = finalRecipient
        self.status = status
        self.remoteMTA = remoteMTA
        self.diagnostic = diagnostic
    }

    /// As a DSN job's payload stores it (`SenderNotice`).
    enum CodingKeys: String, CodingKey {
        case finalRecipient = "address"
        case status
        case remoteMTA = "upstream"
        case diagnostic
    }
}
