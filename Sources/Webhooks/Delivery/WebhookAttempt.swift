import HTTPClient

/// One POST and what came of it.
public struct WebhookAttempt: Sendable {
    public var verdict: WebhookVerdict
    /// nil when no response came (see `error`).
    public var status: Int?
    public var error: HTTPClientError?
    /// The start of the receiver's answer, printable ASCII only: for logs, history and sync replies.
    public var reason: String
    public var duration: Duration

    /// One line for the job history and logs, the URL redacted: the history is served by the API.
    public func summary(url: String) -> String {
        let url = RedactedURL(url)
        if let status {
            return reason.isEmpty ? "HTTP \(status) from \(url)" : "HTTP \(status) from \(url): \(reason)"
        }
        if case .destinationRefused = verdict {
            return "\(url): \(error.map { "\($0)" } ?? "destination refused"); a configuration error (the webhook's allow_* settings), not retried"
        }
        return "\(url): \(error.map { "\($0)" } ?? "no response")"
    }
}
