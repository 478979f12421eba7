import Foundation

/// One configured webhook of a route as the webhooks API shows it: where it posts and whether it delivers.
public struct WebhookStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// Deliveries are attempted.
        case active
        /// The receiver answered 410 Gone: deliveries fail at once until the mark is cleared.
        case gone
    }

    /// `route#index`, the webhook's name in metrics, logs and the delivery history.
    public var name: String
    public var route: String
    public var index: Int
    /// The URL without user information, query or fragment, which may carry a token.
    public var url: String
    /// `queued` or `sync`.
    public var mode: String
    public var state: State
    @ExplicitNull public var goneSince: Date?
    @ExplicitNull public var goneReason: String?

    public init(
        name: String, route: String, index: Int, url: String, mode: String, state: State, goneSince: Date? = nil,
        goneReason: String? = nil
    ) {
        self.name = name
        self.route = route
        self.index = index
        self.url = url
        self.mode = mode
        self.state = state
        self.goneSince = goneSince
        self.goneReason = goneReason
    }

    enum CodingKeys: String, CodingKey {
        case name, route, index, url, mode, state
        case goneSince = "gone_since"
        case goneReason = "gone_reason"
    }
}
