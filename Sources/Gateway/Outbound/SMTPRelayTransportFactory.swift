import Foundation
import Logging
import Outbound
import SMTPClient
import SMTPProtocol

/// `relay.*` settings into the SMTP client: upstreams with their credentials (a token file is read again for
/// every new connection, so a rotated token is picked up), the pool, and the client's shutdown.
enum SMTPRelayTransportFactory {
    static func make(_ relay: RelaySettings, hostname: String, logger: Logger) throws
        -> (transport: any RelayTransport, shutdown: @Sendable () async -> Void)
    {
        let upstreams = relay.upstreams.map { settings in
            SMTPUpstream(
                host: settings.host, port: settings.port, tlsMode: Self.tlsMode(settings.security),
                caFile: settings.caFile, username: settings.username, credentials: Self.credentials(settings),
                priority: settings.priority)
        }
        let configuration = SMTPRelayClientConfiguration(
            heloName: hostname,
            pool: SMTPConnectionPoolConfiguration(
                maxConnections: relay.maxConnections, maxMessagesPerConnection: relay.maxMessagesPerConnection,
                idleTimeout: relay.idleTimeout.duration),
            // `tls: none` is the operator's explicit choice of a trusted link; credentials then go in the clear.
            allowPlaintextAuth: relay.upstreams.contains { $0.security == .none })
        let client = try SMTPRelayClient(upstreams: upstreams, configuration: configuration, logger: logger)
        return (SMTPClientTransport(client: client), { await client.shutdown() })
    }

    static func tlsMode(_ security: UpstreamSettings.Security) -> SMTPClientTLSMode {
        switch security {
        case .starttls: .startTLS
        case .tls: .implicit
        case .none: .none
        }
    }

    static func credentials(_ settings: UpstreamSettings) -> SMTPCredentialProvider? {
        if let password = settings.password { return .password(password) }
        guard let file = settings.xoauth2TokenFile else { return nil }
        return SMTPCredentialProvider(kind: .oauth2Token, name: file) {
            try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
