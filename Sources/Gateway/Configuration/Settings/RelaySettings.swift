/// The upstream smarthost outbound mail is relayed through. Absent when `relay.upstream.host` is not set.
public struct RelaySettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        case starttls
        case tls
        /// Plain text: only for a smarthost on the same host or a trusted link.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?

    static func read(from reader: inout SettingsReader) -> RelaySettings? {
        let shownBefore = reader.effective.count
        let host = reader.optionalString("relay.upstream.host")
        let security = reader.choice("relay.upstream.tls", default: Security.starttls)
        let port = reader.port("relay.upstream.port", default: security == .tls ? 465 : 587)
        let username = reader.optionalString("relay.upstream.username")
        let password = reader.secret("relay.upstream.password")
        if username != nil && password == nil {
            reader.report("relay.upstream.password", "relay.upstream.username is set but no password is (password or password_file)")
        }
        guard let host else {
            if username != nil { reader.report("relay.upstream.host", "relay credentials are set but no upstream host") }
            // No relay: its defaults would only clutter `check-config`.
            reader.truncateEffective(to: shownBefore)
            return nil
        }
        if !ListenerSettings.isValidAddress(host) {
            reader.report("relay.upstream.host", "\"\(host)\" is not an IP address or host name")
        }
        return RelaySettings(host: host, port: port, security: security, username: username, password: password)
    }
}
