import HTTPClient

/// One webhook of a route, as configured.
public struct WebhookTarget: Sendable {
    public var url: String
    /// Every secret signs each request (`webhook-signature` carries one signature per secret), so a
    /// receiver can move to a new secret while the old one is still accepted.
    public var signer: WebhookSigner
    public var mode: WebhookMode
    public var format: WebhookFormat
    public var timeout: Duration
    public var connectTimeout: Duration
    /// Sent with every request, after the signature headers (which they may not replace).
    public var headers: [HTTPHeader]
    public var destinationPolicy: DestinationPolicy
    /// Embed the raw message (base64) in the JSON.
    public var includeRaw: Bool
    /// Attachments up to this size are embedded in the JSON; larger ones are described without content.
    public var inlineAttachmentLimit: Int
    /// Sync mode: keep a message whose webhook refused it (4xx/5xx/timeout) in the store for inspection;
    /// by default it is removed, since the sender was told it was not accepted.
    public var keepRefused: Bool

    public init(
        url: String, signer: WebhookSigner, mode: WebhookMode = .queued, format: WebhookFormat = .json,
        timeout: Duration = .seconds(15), connectTimeout: Duration = .seconds(5), headers: [HTTPHeader] = [],
        destinationPolicy: DestinationPolicy = .publicOnly, includeRaw: Bool = false,
        inlineAttachmentLimit: Int = 26_214_400, keepRefused: Bool = false
    ) {
        self.url = url
        self.signer = signer
        self.mode = mode
        self.format = format
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.headers = headers
        self.destinationPolicy = destinationPolicy
        self.includeRaw = includeRaw
        self.inlineAttachmentLimit = inlineAttachmentLimit
        self.keepRefused = keepRefused
    }
}
