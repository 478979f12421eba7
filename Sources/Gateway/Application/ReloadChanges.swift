/// What a reload changes, key by key (as `check-config` names them), split into the keys applied at once and
/// those that need a restart. Secrets are compared by their fingerprints (`EffectiveSetting.fingerprint`), so a
/// changed secret is named without being shown; webhook secrets are reloaded whether or not they changed.
struct ReloadChanges: Sendable, Equatable {
    /// Reloadable keys whose value changed since the last reload (or the start).
    var applied: [String]
    /// Other keys whose value differs from the configuration the process started with.
    var needingRestart: [String]

    /// Keys, with everything under them, that a reload applies.
    static let reloadable = [
        "log.level", "smtp.users_file", "http.api_keys_file", "routes", "default_route", "smtp.senders",
        "smtp.sender_default", "http.key_senders", "smtp.tls.certificate", "smtp.tls.key", "http.tls.certificate",
        "http.tls.key",
    ]

    init(applied: [String], needingRestart: [String]) {
        self.applied = applied
        self.needingRestart = needingRestart
    }

    init(from previous: GatewayConfiguration, started: GatewayConfiguration, to next: GatewayConfiguration) {
        // Listeners offer STARTTLS or not, and serve HTTP over TLS or not, from the start: a certificate is
        // replaced, never added or removed.
        let fixed = [
            ("smtp.tls", (started.smtp.tls == nil) != (next.smtp.tls == nil)),
            ("http.tls", (started.http.tls == nil) != (next.http.tls == nil)),
        ].filter { $0.1 }.map { $0.0 }
        func reloadable(_ key: String) -> Bool {
            if fixed.contains(where: { key.hasPrefix($0 + ".") }) { return false }
            return Self.reloadable.contains { key == $0 || key.hasPrefix($0 + ".") }
        }
        applied = Self.changedKeys(previous.effective, next.effective).filter(reloadable)
        var restart = Self.changedKeys(started.effective, next.effective).filter { !reloadable($0) }
        for prefix in fixed where !restart.contains(where: { $0.hasPrefix(prefix + ".") }) { restart.append(prefix) }
        needingRestart = restart
    }

    /// Keys whose value differs, or that only one side has, in the order the new configuration lists them.
    static func changedKeys(_ old: [EffectiveSetting], _ new: [EffectiveSetting]) -> [String] {
        let before = Dictionary(old.map { ($0.key, [$0.value, $0.fingerprint]) }) { _, last in last }
        let after = Dictionary(new.map { ($0.key, [$0.value, $0.fingerprint]) }) { _, last in last }
        var seen: Set<String> = []
        var keys: [String] = []
        for key in new.map(\.key) + old.map(\.key) where seen.insert(key).inserted && before[key] != after[key] {
            keys.append(key)
        }
        return keys
    }
}
