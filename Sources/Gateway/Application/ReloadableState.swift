import HTTPAPI
import Inbound
import Logging
import NIOConcurrencyHelpers
import SMTPServer
import TLS

/// What a SIGHUP can change without a restart: the log level, the SMTP users and the API keys, the routes
/// with their webhooks (URLs, secrets, every setting) and the sender rules (SMTP users' and API keys'), and the SMTP
/// and HTTP certificates and keys (their paths as well as the files). Everything else is read once; a reload names
/// each such key that changed as needing a restart, and applies the rest.
struct ReloadableState: Sendable {
    let levelSwitch: LogLevelSwitch
    /// Replaced as a whole on reload; readers take a consistent copy.
    let users: NIOLockedValueBox<UsersFile>
    let apiKeys: NIOLockedValueBox<APIKeysFile>
    /// New connections get a reloaded certificate; established ones keep theirs.
    let tls: ReloadableTLSContext?
    /// `http.tls`, the same way (the API's listener and the metrics listener share it).
    let httpTLS: ReloadableTLSContext?
    /// Read at each decision and each delivery attempt; work under way keeps what it read.
    let inbound: CurrentInboundRules
    /// `http.key_senders`, read at each send.
    let keySenders: NIOLockedValueBox<APIKeySenders>
    /// The configuration whose reloadable part is in force: what the next reload's changes are measured from.
    let applied: NIOLockedValueBox<GatewayConfiguration?> = NIOLockedValueBox(nil)

    /// Reads the users and API keys files named by a configuration; a missing optional file is empty.
    static func loadFiles(_ configuration: GatewayConfiguration) throws -> (UsersFile, APIKeysFile) {
        let users = try configuration.smtp.usersFile.map { try UsersFile(contentsOf: $0) } ?? UsersFile(hashes: [:])
        let keys = try configuration.http.apiKeysFile.map { try APIKeysFile(contentsOf: $0) } ?? APIKeysFile(entries: [])
        return (users, keys)
    }

    /// Everything that can fail is done before anything is applied: a refused reload changes nothing.
    /// - Parameter started: the configuration the process started with, whose restart-only settings still rule.
    func reload(using loader: ConfigurationLoader, running started: GatewayConfiguration, logger: Logger) async {
        let next: GatewayConfiguration
        do {
            next = try await loader.load()
        } catch {
            logger.error("reload refused: the configuration is invalid; keeping the one in force", metadata: ["problems": "\(error.problems.map(\.description))"])
            return
        }
        let userFile: UsersFile, keyFile: APIKeysFile
        do {
            (userFile, keyFile) = try Self.loadFiles(next)
        } catch {
            logger.error("reload refused: the users or API keys file cannot be read; keeping the configuration in force", metadata: ["error": "\(error)"])
            return
        }
        let rules = InboundDomainFactory.rules(next)
        let changes = ReloadChanges(from: applied.withLockedValue { $0 } ?? started, started: started, to: next)
        // A certificate cannot be added to or removed from running listeners (their STARTTLS offer is fixed, and
        // an HTTP listener is TLS or plain from the start), only replaced. Both contexts are built before either
        // is installed, the last fallible step, so that a refusal leaves everything as it was.
        var certificates: [(holder: ReloadableTLSContext, configuration: TLSConfiguration, files: TLSFileSettings, name: String)] = []
        if let tls, let files = next.smtp.tls {
            certificates.append((tls, SMTPListenerFactory.tlsConfiguration(files), files, "SMTP"))
        }
        if let httpTLS, let files = next.http.tls {
            certificates.append((httpTLS, HTTPAPIServer.tlsConfiguration(files.certifiedKey), files, "HTTP"))
        }
        var built: [(holder: ReloadableTLSContext, context: TLSContext)] = []
        for certificate in certificates {
            do {
                built.append((certificate.holder, try TLSContext(configuration: certificate.configuration)))
            } catch {
                logger.error(
                    "reload refused: the \(certificate.name) certificate or key cannot be loaded; keeping the configuration in force",
                    metadata: ["error": "\(error)"])
                return
            }
        }
        for (holder, context) in built { holder.install(context) }

        let senders = APIKeyRulesFactory.rules(next.http).senders
        keySenders.withLockedValue { $0 = senders }
        users.withLockedValue { $0 = userFile }
        apiKeys.withLockedValue { $0 = keyFile }
        levelSwitch.level = next.log.level.loggerLevel
        inbound.replace(with: rules)
        applied.withLockedValue { $0 = next }

        var metadata: Logger.Metadata = [
            "log_level": "\(next.log.level.rawValue)", "users": "\(userFile.hashes.count)", "api_keys": "\(keyFile.entries.count)",
            "routes": "\(rules.routes.routes.count)", "webhooks": "\(rules.routes.routes.reduce(0) { $0 + $1.webhooks.count })",
            "sender_rules": "\(next.smtp.senders.count)", "sender_default": "\(next.smtp.senderDefault.rawValue)",
            "key_sender_rules": "\(next.http.keySenders.count)",
        ]
        for certificate in certificates {
            metadata["\(certificate.name.lowercased())_certificate"] = "\(certificate.files.certificatePath)"
        }
        if !changes.applied.isEmpty { metadata["changed"] = "\(changes.applied.joined(separator: ", "))" }
        let what = (["log level, users, API keys, routes and webhooks, sender rules"] + certificates.map { "\($0.name) certificate" })
            .joined(separator: ", ")
        logger.notice("reload applied: \(what)", metadata: metadata)
        if !changes.needingRestart.isEmpty {
            logger.warning("changed but needs a restart: \(changes.needingRestart.joined(separator: ", "))")
        }
    }
}
