import Logging
import NIOConcurrencyHelpers
import NIOPosix
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
        _ configuration: GatewayConfiguration, sink: any SMTPMessageSink, routes: RouteTable,
        users: NIOLockedValueBox<UsersFile>, tls: ReloadableTLSContext?, logger: Logger
    ) -> [SMTPListener] {
        let authenticator = SMTPAuthenticator(users: users, threadPool: .singleton, logger: logger)
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
            // MX mode is never an open relay: a recipient is accepted only if a route takes it. On the
            // submission listeners the default route (or holding) takes what no route matches.
            let submission = mode != .inbound
            session.recipientPolicy = { path, context in
                guard let address = path.mailbox?.description else { return submission ? .accept : .unknownRecipient }
                switch routes.decideRecipient(address, authUser: context.authenticatedUser, submission: submission) {
                case .accept: return .accept
                case .unknown: return .unknownRecipient
                case .reject(let rejection):
                    return .reject(SMTPReply(rejection.code, rejection.enhancedCode, "<\(address)>: \(rejection.text)"))
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
        let patterns = senderPatterns(rules)
        return { path, user in
            guard let user, let allowed = patterns[user] else { return nil }
            guard let address = path.mailbox?.description, allowed.contains(where: { $0.matches(address) }) else {
                return SMTPServerReplies.senderNotOwned(path, user: user)
            }
            return nil
        }
    }

    /// The same patterns also bound the From: header (checked once the message is in).
    static func senderPatterns(_ rules: [SenderRule]) -> [String: [AddressPattern]] {
        Dictionary(uniqueKeysWithValues: rules.map { ($0.user, $0.allow.map(AddressPattern.init)) })
    }
}
