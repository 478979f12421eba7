/// The routes in order, first match wins, and the route for submitted mail no route matches.
///
/// A route whose header condition cannot be judged before the message arrives does not decide a
/// recipient at RCPT time: the recipient is accepted and the header decides after DATA, falling through
/// to the following routes (and on the MX listener, when none matches then, the message is held).
public struct RouteTable: Sendable {
    public var routes: [Route]
    /// Takes submitted (authenticated) mail for recipients no route matches; without it, such mail is
    /// held. Never used on the MX listener, which refuses those recipients.
    public var defaultRoute: Route?

    public init(routes: [Route], defaultRoute: Route? = nil) {
        self.routes = routes
        self.defaultRoute = defaultRoute
    }

    public func route(named name: String) -> Route? {
        routes.first { $0.name == name } ?? (defaultRoute?.name == name ? defaultRoute : nil)
    }

    public func decideRecipient(_ address: String, authUser: String?, submission: Bool) -> RecipientDecision {
        for route in routes where route.match.matchesEnvelope(recipient: address, authUser: authUser) {
            if route.match.header != nil { return .accept }
            if case .reject(let rejection) = route.action { return .reject(rejection) }
            return .accept
        }
        guard submission else { return .unknown }
        if case .reject(let rejection)? = defaultRoute?.action { return .reject(rejection) }
        return .accept
    }

    /// The route that takes a recipient once the headers are known; nil means hold.
    public func route(
        forRecipient address: String, authUser: String?, headers: [(name: String, value: String)], submission: Bool
    ) -> Route? {
        for route in routes
        where route.match.matchesEnvelope(recipient: address, authUser: authUser) && route.match.matchesHeaders(headers) {
            return route
        }
        return submission ? defaultRoute : nil
    }
}
