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

    /// One line for the job history and logs.
    public func summary(url: String) -> String {
        if let status {
            return reason.isEmpty ? "HTTP \(status) from \(url)" : "HTTP \(status) from \(url): \(reason)"
        }
        return "\(url): \(error.map { "\($0)" } ?? "no response")"
    }
}
