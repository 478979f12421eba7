import HTTPAPI
import Logging
import NIOConcurrencyHelpers
import SMTPServer
import TLS

/// What a SIGHUP can change without a restart: the log level, the SMTP users and the API keys.
/// Listeners, storage and the like are read once; a reload that changes them says a restart is needed.
struct ReloadableState: Sendable {
    let levelSwitch: LogLevelSwitch
    /// Replaced as a whole on reload; readers take a consistent copy.
    let users: NIOLockedValueBox<UsersFile>
    let apiKeys: NIOLockedValueBox<APIKeysFile>
    /// New connections get a reloaded certificate; established ones keep theirs.
    let tls: ReloadableTLSContext?

    /// Reads the users and API keys files named by a configuration; a missing optional file is empty.
    static func loadFiles(_ configuration: GatewayConfiguration) throws -> (UsersFile, APIKeysFile) {
        let users = try configuration.smtp.usersFile.map { try UsersFile(contentsOf: $0) } ?? UsersFile(hashes: [:])
        let keys = try configuration.http.apiKeysFile.map { try APIKeysFile(contentsOf: $0) } ?? APIKeysFile(entries: [])
        return (users, keys)
    }

    func reload(using loader: ConfigurationLoader, running: GatewayConfiguration, logger: Logger) async {
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
            logger.error("reload refused: \(error)")
            return
        }
        if let tls {
            do {
                _ = try tls.reload()
            } catch {
                logger.error("reload refused: the TLS certificate or key cannot be loaded; keeping the one in force", metadata: ["error": "\(error)"])
                return
            }
        }
        users.withLockedValue { $0 = userFile }
        apiKeys.withLockedValue { $0 = keyFile }
        levelSwitch.level = next.log.level.loggerLevel
        if next.enabledListeners.map(\.settings) != running.enabledListeners.map(\.settings) || next.storage != running.storage
            || next.metrics != running.metrics
        {
            logger.warning("reload: listener, metrics or storage settings changed; they take effect on restart")
        }
        logger.notice("configuration reloaded", metadata: ["users": "\(userFile.hashes.count)", "api_keys": "\(keyFile.entries.count)"])
    }
}
