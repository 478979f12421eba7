/// The routes and the sender rules of one configuration: replaced together on reload, so a decision never
/// mixes the routes of one configuration with the sender rules of another.
public struct InboundRules: Sendable {
    public var routes: RouteTable
    public var senders: SenderRules

    public init(routes: RouteTable, senders: SenderRules) {
        self.routes = routes
        self.senders = senders
    }
}
