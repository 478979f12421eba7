/// How the message is put in the POST body.
public enum WebhookFormat: String, Sendable, CaseIterable {
    /// The inbound JSON document (`application/json`).
    case json
    /// `multipart/form-data`: text fields plus one file per attachment, for form-style receivers.
    case multipart
    /// The message itself (`message/rfc822`), the envelope in headers.
    case raw
}
