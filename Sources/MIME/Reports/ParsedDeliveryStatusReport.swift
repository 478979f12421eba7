/// What a received delivery status notification (RFC 3464) says about a message we relayed: how to find that
/// message again and which of its recipients failed, each as the same `DeliveryStatusRecipient` our own DSNs are
/// built from.
public struct ParsedDeliveryStatusReport: Sendable, Hashable {
    /// `Original-Envelope-Id`: the RFC 3461 `ENVID` the relay gave on `MAIL FROM`.
    public var envelopeID: String?
    /// `Reporting-MTA`, without its `dns;` type.
    public var reportingMTA: String?
    /// The `Message-ID` of the returned header (`text/rfc822-headers` or `message/rfc822`), without brackets.
    public var originalMessageID: String?
    /// The recipient blocks with `Action: failed`; delayed, delivered, relayed and expanded ones say nothing final.
    public var failed: [DeliveryStatusRecipient]

    public init(envelopeID: String?, reportingMTA: String?, originalMessageID: String?, failed: [DeliveryStatusRecipient]) {
        self.envelopeID = envelopeID
        self.reportingMTA = reportingMTA
        self.originalMessageID = originalMessageID
        self.failed = failed
    }
}
