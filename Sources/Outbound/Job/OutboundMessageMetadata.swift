/// Keys of the message row's metadata map for outbound messages. The map is the queue's generic per-message
/// record; these keys let listings tell outbound from inbound without reading the job.
public enum OutboundMessageMetadata {
    /// `api` or `smtp`.
    public static let origin = "origin"
    /// The `Message-ID` header's value, without angle brackets.
    public static let messageID = "message_id"
    /// The name of the API key that sent it (never the key).
    public static let apiKey = "api_key"
    /// RFC 3339 time of `send_at`, when the caller scheduled the message.
    public static let sendAt = "send_at"

    public static let originAPI = "api"
    public static let originSMTP = "smtp"
}
