import Inbound

/// A route: which recipients it takes and what becomes of their mail. First match wins.
public struct RouteSettings: Sendable, Equatable {
    public struct Match: Sendable, Equatable {
        /// A glob over the whole address, `*` matching any run of characters: `*@support.example.com`.
        public var recipient: String?
        /// A regular expression over the whole address, compiled once here.
        public var recipientRegex: RecipientRegex?
        /// The recipient's domain (`example.com`, `*.example.com`).
        public var domain: String?
        /// The SMTP AUTH user the message came from.
        public var authUser: String?
        /// A header field and a glob over its decoded value.
        public var headerName: String?
        public var headerValue: String?
    }

    public enum Action: String, Sendable, CaseIterable {
        case webhook, hold, reject, relay
    }

    public var name: String
    public var match: Match
    public var action: Action
    /// The reply of a `reject` route, e.g. `550 5.7.1 This address does not accept mail`.
    public var reply: RouteRejection?
    public var webhooks: [WebhookSettings]

    /// The first webhook (most routes have one).
    public var webhook: WebhookSettings? { webhooks.first }

    init(reading reader: inout SettingsReader, index: Int) {
        let key = "routes.\(index)"
        let name = reader.optionalString("\(key).name")
        if name == nil || name!.isEmpty {
            reader.report("\(key).name", "every route needs a name", at: reader.location(of: key))
        } else if name!.contains(where: { $0 == "#" || $0.isWhitespace }) {
            reader.report("\(key).name", "a route name cannot contain white space or #")
        }
        self.name = name ?? "route-\(index)"
        var recipientRegex: RecipientRegex?
        if let source = reader.optionalString("\(key).match.recipient_regex") {
            do {
                recipientRegex = try RecipientRegex(source)
            } catch {
                reader.report("\(key).match.recipient_regex", "not a regular expression: \(error)")
            }
        }
        match = Match(
            recipient: reader.optionalString("\(key).match.recipient"),
            recipientRegex: recipientRegex,
            domain: reader.optionalString("\(key).match.domain"),
            authUser: reader.optionalString("\(key).match.auth_user"),
            headerName: reader.optionalString("\(key).match.header.name"),
            headerValue: reader.optionalString("\(key).match.header.value"))
        if let glob = match.recipient, glob.isEmpty || glob.contains(where: \.isWhitespace) {
            reader.report("\(key).match.recipient", "\"\(glob)\" is not a recipient pattern (example: *@support.example.com)")
        }
        if let domain = match.domain, domain.isEmpty || domain.contains("@") || domain.contains(where: \.isWhitespace) {
            reader.report("\(key).match.domain", "\"\(domain)\" is not a domain (example: example.com or *.example.com)")
        }
        if (match.headerName == nil) != (match.headerValue == nil) {
            reader.report("\(key).match.header", "a header condition needs both name and value")
        }
        action = reader.choice("\(key).action", default: Action.webhook)
        let replyText = reader.optionalString("\(key).reply")
        reply = replyText.flatMap(RouteRejection.init(parsing:))
        if let replyText, reply == nil {
            reader.report("\(key).reply", "\"\(replyText)\" is not an SMTP reply like \"550 5.7.1 text\" (4xx or 5xx, matching enhanced code)")
        }
        if replyText != nil && action != .reject { reader.report("\(key).reply", "only a reject route has a reply") }

        let single = reader.keyIsSet("\(key).webhook")
        let listCount = reader.itemCount("\(key).webhooks")
        var webhooks: [WebhookSettings] = []
        let owner = "route \(self.name)"
        if single { webhooks.append(WebhookSettings(reading: &reader, key: "\(key).webhook", allowSync: true, owner: owner)) }
        webhooks += (0..<listCount).map {
            WebhookSettings(reading: &reader, key: "\(key).webhooks.\($0)", allowSync: true, owner: "\(owner) webhook #\($0)")
        }
        self.webhooks = webhooks
        switch action {
        case .webhook:
            if single && listCount > 0 {
                reader.report("\(key).webhooks", "give either webhook or webhooks, not both")
            } else if webhooks.isEmpty {
                reader.report("\(key).webhook.url", "every route needs a webhook url (or action: hold or reject)", at: reader.location(of: key))
            }
        case .relay:
            if single && listCount > 0 { reader.report("\(key).webhooks", "give either webhook or webhooks, not both") }
        case .hold, .reject:
            if !webhooks.isEmpty { reader.report("\(key).action", "a \(action.rawValue) route has no webhooks") }
        }
    }
}
