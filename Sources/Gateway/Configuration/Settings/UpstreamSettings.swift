/// One smarthost outbound mail may be relayed through (`relay.upstreams.N`, or the older `relay.upstream`).
public struct UpstreamSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// STARTTLS is required: a server that does not offer it is not used (never a plain-text fallback).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// Plain text: only for a smarthost on the same host or a trusted link.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM bundle of CAs to verify the upstream with; the system store when unset.
    public var caFile: String?
    public var username: String?
    public var password: String?
    /// A file holding an OAuth 2 access token for AUTH XOAUTH2, read again for each new connection.
    public var xoauth2TokenFile: String?
    /// Lower is tried first; equal priorities share the load.
    public var priority: Int

    /// `host:port`, the upstream's name in logs, metrics and recipient events.
    public var name: String { "\(host):\(port)" }

    static func read(from reader: inout SettingsReader, key: String) -> UpstreamSettings? {
        let host = reader.optionalString("\(key).host")
        let security = reader.choice("\(key).tls", default: Security.starttls)
        let port = reader.port("\(key).port", default: security == .tls ? 465 : 587)
        let caFile = reader.optionalString("\(key).ca_file")
        let username = reader.optionalString("\(key).username")
        let password = reader.secret("\(key).password")
        let tokenFile = reader.optionalString("\(key).xoauth2_token_file")
        if let tokenFile { reader.checkSecretFile("\(key).xoauth2_token_file", path: tokenFile) }
        let priority = reader.int("\(key).priority", default: 10, range: 0...1000)
        if username != nil && password == nil && tokenFile == nil {
            reader.report("\(key).password", "\(key).username is set but no password (password, password_file) or xoauth2_token_file is")
        }
        if password != nil && tokenFile != nil {
            reader.report("\(key).xoauth2_token_file", "give either a password or an XOAUTH2 token file, not both")
        }
        guard let host else {
            reader.report("\(key).host", "an upstream needs a host")
            return nil
        }
        if !ListenerSettings.isValidAddress(host) {
            reader.report("\(key).host", "\"\(host)\" is not an IP address or host name")
        }
        return UpstreamSettings(
            host: host, port: port, security: security, caFile: caFile, username: username, password: password,
            xoauth2TokenFile: tokenFile, priority: priority)
    }
}
