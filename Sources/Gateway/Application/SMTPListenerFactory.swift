import Logging
import NIOConcurrencyHelpers
import NIOPosix
import SMTPProtocol
import SMTPServer
import TLS

/// Turns the `smtp.*` settings into the listeners they describe.
enum SMTPListenerFactory {
    static func tlsContext(_ configuration: GatewayConfiguration) throws -> ReloadableTLSContext? {
        guard let files = configuration.smtp.tls else { return nil }
        return try ReloadableTLSContext(configuration: tlsConfiguration(files))
    }

    /// The server side of `smtp.tls`: at start, and on reload with the paths the new configuration names.
    static func tlsConfiguration(_ files: TLSFileSettings) -> TLSConfiguration {
        .server(certifiedKey: files.certifiedKey)
    }

    static func listeners(
        _ configuration: GatewayConfiguration, sink: any SMTPMessageSink, policy: any SMTPMailPolicy,
        users: NIOLockedValueBox<UsersFile>, tls: ReloadableTLSContext?, logger: Logger
    ) -> [SMTPListener] {
        let smtp = configuration.smtp
        let authenticator = SMTPAuthenticator(
            users: users, policy: AuthThrottle.Policy(ipv6Prefix: smtp.authThrottleIPv6Prefix), threadPool: .singleton, logger: logger)
        let kinds: [(String, ListenerSettings, SMTPSessionMode)] = [
            ("smtp.submission", smtp.submission, .submission),
            ("smtp.submissions", smtp.submissions, .submissions),
            ("smtp.inbound", smtp.inbound, .inbound),
        ]
        return kinds.filter { $0.1.enabled }.map { name, listener, mode in
            let session = SMTPServerConfiguration(
                hostname: configuration.hostname, mode: mode, tlsAvailable: tls != nil,
                maximumMessageSize: UInt64(smtp.maxMessageSize.bytes), maximumRecipients: smtp.maxRecipients,
                commandTimeout: smtp.commandTimeout.duration, dataTimeout: smtp.dataTimeout.duration,
                commandLineTimeout: smtp.commandLineTimeout.duration, maximumSessionDuration: smtp.maxSessionDuration.duration,
                minimumDataRate: Int(smtp.minDataRate.bytes))
            return SMTPListener(
                settings: SMTPListenerSettings(
                    name: name, address: listener.address, port: listener.port, session: session,
                    maximumConnections: smtp.maxConnections, maximumConnectionsPerIP: smtp.maxConnectionsPerIP,
                    shutdownGrace: configuration.shutdownTimeout.duration, proxyProtocol: listener.proxyProtocol, proxyProtocolTrusted: listener.proxyProtocolTrusted),
                sink: sink, policy: policy, authenticator: mode == .inbound ? nil : authenticator, tlsContext: tls, logger: logger)
        }
    }
}
