import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Queue
import SMTPProtocol
import SMTPServer
import TLS
import Webhooks

/// Turns the `smtp.*` settings into the listeners they describe.
enum SMTPListenerFactory {
    static func tlsContext(_ configuration: GatewayConfiguration) throws -> ReloadableTLSContext? {
        guard let files = configuration.smtp.tls else { return nil }
        return try ReloadableTLSContext(configuration: .server(certifiedKey: TLSCertifiedKey(
            certificateChain: .file(files.certificatePath), privateKey: .file(files.keyPath))))
    }

    static func listeners(
        _ configuration: GatewayConfiguration, store: any QueueStore, users: NIOLockedValueBox<UsersFile>,
        tls: ReloadableTLSContext?, logger: Logger
    ) -> [SMTPListener] {
        let authenticator = SMTPAuthenticator(users: users, threadPool: .singleton, logger: logger)
        let sink = QueueMessageSink(store: store)
        let patterns = configuration.routes.compactMap { $0.match.recipient.map(AddressPattern.init) }
        let smtp = configuration.smtp
        let kinds: [(String, ListenerSettings, SMTPSessionMode)] = [
            ("smtp.submission", smtp.submission, .submission),
            ("smtp.submissions", smtp.submissions, .submissions),
            ("smtp.inbound", smtp.inbound, .inbound),
        ]
        return kinds.filter { $0.1.enabled }.map { name, listener, mode in
            var session = SMTPServerConfiguration(
                hostname: configuration.hostname, mode: mode, tlsAvailable: tls != nil,
                maximumMessageSize: UInt64(smtp.maxMessageSize.bytes), maximumRecipients: smtp.maxRecipients,
                commandTimeout: smtp.commandTimeout.duration, dataTimeout: smtp.dataTimeout.duration,
                minimumDataRate: Int(smtp.minDataRate.bytes))
            if mode != .inbound && !smtp.senders.isEmpty {
                session.senderPolicy = senderPolicy(smtp.senders)
            }
            if mode == .inbound {
                // MX mode is never an open relay: a recipient is accepted only if a route takes it.
                session.recipientPolicy = { path, _ in
                    guard let address = path.mailbox?.description else { return .unknownRecipient }
                    return patterns.contains { $0.matches(address) } ? .accept : .unknownRecipient
                }
            }
            return SMTPListener(
                settings: SMTPListenerSettings(
                    name: name, address: listener.address, port: listener.port, session: session,
                    maximumConnections: smtp.maxConnections, maximumConnectionsPerIP: smtp.maxConnectionsPerIP,
                    shutdownGrace: configuration.shutdownTimeout.duration, proxyProtocol: listener.proxyProtocol),
                sink: sink, authenticator: mode == .inbound ? nil : authenticator, tlsContext: tls, logger: logger)
        }
    }

    /// Users with a rule may send only from addresses their patterns match (the null sender included in
    /// nothing: a submission client has no reason to send bounces); users without one may use any.
    static func senderPolicy(_ rules: [SenderRule]) -> SMTPServerConfiguration.SenderPolicy {
        let patterns = Dictionary(uniqueKeysWithValues: rules.map { ($0.user, $0.allow.map(AddressPattern.init)) })
        return { path, user in
            guard let user, let allowed = patterns[user] else { return nil }
            guard let address = path.mailbox?.description, allowed.contains(where: { $0.matches(address) }) else {
                return SMTPServerReplies.senderNotOwned(path, user: user)
            }
            return nil
        }
    }
}
