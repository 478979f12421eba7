import MIME

/// Which senders one SMTP user (`smtp.senders[]`) or one API key (`http.key_senders[]`) may use. Users and
/// keys without a rule may use any.
public struct SenderRule: Sendable, Equatable {
    /// The user's or the key's name.
    public var owner: String
    /// Address patterns: `*@example.com`, `alerts@example.org`.
    public var allow: [String]

    public init(owner: String, allow: [String]) {
        self.owner = owner
        self.allow = allow
    }

    /// The runtime form both the SMTP side and the API take: per owner, the compiled patterns.
    static func patternsByOwner(_ rules: [SenderRule]) -> [String: [AddressPattern]] {
        Dictionary(rules.map { ($0.owner, $0.allow.map(AddressPattern.init)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every rule of the list `list`, whose items name their owner under `ownerField` (`user`, `key`); an owner
    /// with two rules is reported.
    static func rules(reading reader: inout SettingsReader, list: String, ownerField: String) -> [SenderRule] {
        let rules = (0..<reader.itemCount(list)).map {
            SenderRule(reading: &reader, key: "\(list).\($0)", ownerField: ownerField)
        }
        var seen: Set<String> = []
        for (index, rule) in rules.enumerated() where !rule.owner.isEmpty && !seen.insert(rule.owner).inserted {
            reader.report("\(list).\(index).\(ownerField)", "\(ownerField) \(rule.owner) has two sender rules")
        }
        return rules
    }

    init(reading reader: inout SettingsReader, key: String, ownerField: String) {
        owner = reader.optionalString("\(key).\(ownerField)") ?? ""
        if owner.isEmpty {
            reader.report("\(key).\(ownerField)", "every sender rule names a \(ownerField)", at: reader.location(of: key))
        }
        allow = reader.list("\(key).allow") ?? []
        if allow.isEmpty {
            reader.report(
                "\(key).allow", "list the sender address patterns the \(ownerField) may use (e.g. \"*@example.com\")",
                at: reader.location(of: key))
        } else {
            reader.record("\(key).allow", allow.joined(separator: ","))
        }
        for pattern in allow where pattern.isEmpty || pattern.contains(where: \.isWhitespace) {
            reader.report("\(key).allow", "\"\(pattern)\" is not an address pattern")
        }
    }
}
