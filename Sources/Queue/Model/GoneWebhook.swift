import Foundation

/// A webhook whose receiver answered 410 Gone: its deliveries fail at once until an operator clears the mark.
/// Kept in the store, not in one process, so every replica (and the next start) honours it. The name is the
/// webhook's label (`route#index`); the URL is never stored, since it may carry a token.
public struct GoneWebhook: Sendable, Hashable {
    public var name: String
    /// When the first 410 was recorded; a later 410 keeps it.
    public var since: Date
    /// The receiver's answer, one line (status and reason), for the operator.
    public var reason: String

    public init(name: String, since: Date, reason: String) {
        self.name = name
        self.since = since
        self.reason = reason
    }
}
