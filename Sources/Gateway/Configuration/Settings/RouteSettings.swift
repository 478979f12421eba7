import Foundation

/// A route: which recipients it matches and the webhook their mail is posted to. First match wins.
public struct RouteSettings: Sendable, Equatable {
    public struct Match: Sendable, Equatable {
        /// A glob over the whole address, `*` matching any run of characters: `*@support.example.com`.
        public var recipient: String?
    }

    public enum DeliveryMode: String, Sendable, CaseIterable {
        /// 250 after the durable commit, then POST with retries.
        case queued
        /// POST before answering DATA; the SMTP reply reflects the receiver's.
        case sync
    }

    public struct Webhook: Sendable, Equatable {
        public var url: String
        public var secret: String?
        public var mode: DeliveryMode
        public var timeout: ConfigDuration
    }

    public var name: String
    public var match: Match
    public var webhook: Webhook

    init(reading reader: inout SettingsReader, index: Int) {
        let key = "routes.\(index)"
        let name = reader.optionalString("\(key).name")
        if name == nil || name!.isEmpty {
            reader.report("\(key).name", "every route needs a name", at: reader.location(of: key))
        }
        self.name = name ?? "route-\(index)"
        match = Match(recipient: reader.optionalString("\(key).match.recipient"))
        if let glob = match.recipient, glob.isEmpty || glob.contains(where: \.isWhitespace) {
            reader.report("\(key).match.recipient", "\"\(glob)\" is not a recipient pattern (example: *@support.example.com)")
        }
        let url = reader.optionalString("\(key).webhook.url")
        if let url {
            if let problem = Self.problem(withWebhookURL: url) { reader.report("\(key).webhook.url", problem) }
        } else {
            reader.report("\(key).webhook.url", "every route needs a webhook url", at: reader.location(of: key))
        }
        webhook = Webhook(
            url: url ?? "",
            secret: reader.secret("\(key).webhook.secret"),
            mode: reader.choice("\(key).webhook.mode", default: DeliveryMode.queued),
            timeout: reader.duration("\(key).webhook.timeout", default: ConfigDuration(.seconds(15))))
    }

    static func problem(withWebhookURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return "\"\(url)\" is not an absolute URL" }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return "the scheme must be http or https, not \(scheme)" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        if authority.isEmpty { return "\"\(url)\" has no host" }
        if authority.contains("@") { return "credentials in the webhook URL are not allowed; use a secret or headers" }
        if rest.contains(where: { $0.isWhitespace }) { return "\"\(url)\" contains white space" }
        return nil
    }
}
