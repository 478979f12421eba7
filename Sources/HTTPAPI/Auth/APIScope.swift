/// What an API key may do. Keys carry a list of scopes; `*` grants every scope.
public enum APIScope: String, Sendable, CaseIterable {
    case messagesSend = "messages:send"
    case messagesRead = "messages:read"
    case inboundRead = "inbound:read"
    case inboundRedeliver = "inbound:redeliver"
    case webhooksRead = "webhooks:read"
    /// Clearing a webhook's 410 Gone mark.
    case webhooksManage = "webhooks:manage"
}
