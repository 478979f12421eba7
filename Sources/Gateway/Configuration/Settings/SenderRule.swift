/// Which envelope senders one SMTP user may use (`smtp.senders[]`). Users without a rule may use any.
public struct SenderRule: Sendable, Equatable {
    public var user: String
    /// Address patterns: `*@example.com`, `alerts@example.org`.
    public var allow: [String]

    public init(user: String, allow: [String]) {
        self.user = user
        self.allow = allow
    }

    init(reading reader: inout SettingsReader, index: Int) {
        let key = "smtp.senders.\(index)"
        user = reader.optionalString("\(key).user") ?? ""
        if user.isEmpty { reader.report("\(key).user", "every sender rule names a user", at: reader.location(of: key)) }
        allow = reader.list("\(key).allow") ?? []
        if allow.isEmpty {
            reader.report("\(key).allow", "list the sender address patterns the user may use (e.g. \"*@example.com\")", at: reader.location(of: key))
        } else {
            reader.record("\(key).allow", allow.joined(separator: ","))
        }
        for pattern in allow where pattern.isEmpty || pattern.contains(where: \.isWhitespace) {
            reader.report("\(key).allow", "\"\(pattern)\" is not an address pattern")
        }
    }
}
