import Webhooks

/// One entry of the routing table.
public struct Route: Sendable {
    public var name: String
    public var match: RouteMatch
    public var action: RouteAction

    public init(name: String, match: RouteMatch, action: RouteAction) {
        self.name = name
        self.match = match
        self.action = action
    }

    public var webhooks: [WebhookTarget] {
        switch action {
        case .webhooks(let targets), .relay(let targets): targets
        case .hold, .reject: []
        }
    }
}
