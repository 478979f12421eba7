import HTTPClient
import Inbound
import Webhooks

/// Turns the `routes` and `smtp.senders` settings into the inbound domain's runtime values: the routing
/// table the SMTP side and the workers share, and the sender rules.
enum InboundDomainFactory {
    /// The routes and sender rules together: what a reload replaces as one value.
    static func rules(_ configuration: GatewayConfiguration) -> InboundRules {
        InboundRules(routes: table(configuration), senders: senders(configuration.smtp))
    }

    static func table(_ configuration: GatewayConfiguration) -> RouteTable {
        let routes = configuration.routes.map(route)
        let defaultRoute = configuration.defaultRoute.flatMap { name in routes.first { $0.name == name } }
        return RouteTable(routes: routes, defaultRoute: defaultRoute)
    }

    static func route(_ settings: RouteSettings) -> Route {
        let match = settings.match
        let condition = RouteMatch(
            recipient: match.recipient, recipientRegex: match.recipientRegex,
            domain: match.domain, authUser: match.authUser,
            header: match.headerName.flatMap { name in match.headerValue.map { HeaderCondition(name: name, value: $0) } })
        let action: RouteAction =
            switch settings.action {
            case .webhook: .webhooks(settings.webhooks.map(target))
            case .relay: .relay(webhooks: settings.webhooks.map(target))
            case .hold: .hold
            case .reject: .reject(settings.reply ?? .default)
            }
        return Route(name: settings.name, match: condition, action: action)
    }

    static func target(_ settings: WebhookSettings) -> WebhookTarget {
        WebhookTarget(
            url: settings.url, signer: WebhookSigner(secrets: settings.secrets),
            mode: settings.mode, format: settings.format,
            timeout: settings.timeout.duration, connectTimeout: settings.connectTimeout.duration,
            headers: settings.headers.map { HTTPHeader($0.name, $0.value) },
            destinationPolicy: settings.destinationPolicy,
            includeRaw: settings.includeRaw, inlineAttachmentLimit: settings.inlineAttachmentLimit.bytes,
            keepRefused: settings.keepRefused)
    }

    static func senders(_ smtp: SMTPSettings) -> SenderRules {
        SenderRules(SenderRule.patternsByOwner(smtp.senders), default: smtp.senderDefault)
    }
}
