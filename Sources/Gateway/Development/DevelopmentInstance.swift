import Foundation
import HTTPAPI
import SMTPServer
import TLS

/// Prepares a development instance: the data directory, a self-signed certificate, an SMTP user and
/// an API key, each generated only if missing. Nothing starts unless every listener is on loopback.
public enum DevelopmentInstance {
    public struct RefusedError: Error, CustomStringConvertible {
        public var listener: String
        public var address: String
        public var missing: [String]

        public var description: String {
            let generating = missing.isEmpty ? "" : " (and will not generate \(missing.joined(separator: ", ")))"
            return "a development instance does not start while \(listener) listens on \(address), which is not a loopback address\(generating). "
                + "Use a configuration file (--config) with your own certificate, users file and "
                + "API keys for anything reachable from other machines, or bind to 127.0.0.1."
        }
    }

    public static let userName = "dev"

    /// Generates what is missing; returns what was generated so the caller can show it once.
    public static func prepare(_ configuration: GatewayConfiguration) throws -> DevelopmentCredentials {
        var credentials = DevelopmentCredentials()
        guard configuration.profile == .development else { return credentials }
        let files = FileManager.default
        var missing: [String] = []
        if let tls = configuration.smtp.tls, !files.fileExists(atPath: tls.certificatePath) || !files.fileExists(atPath: tls.keyPath) {
            missing.append("TLS certificate")
        }
        if let users = configuration.smtp.usersFile, !files.fileExists(atPath: users) { missing.append("SMTP user") }
        if let keys = configuration.http.apiKeysFile, !files.fileExists(atPath: keys) { missing.append("API key") }
        // Loading already refuses a development configuration that is not on loopback; a configuration made any
        // other way is held to the same rule, whether or not anything is to be generated.
        if let exposed = configuration.enabledListeners.first(where: { !$0.settings.isLoopback }) {
            throw RefusedError(listener: exposed.name, address: exposed.settings.address, missing: missing)
        }
        guard !missing.isEmpty else { return credentials }

        try files.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let tls = configuration.smtp.tls, missing.contains("TLS certificate") {
            let generated = try SelfSignedCertificate.generate(commonName: configuration.hostname)
            try write(generated.privateKeyPEM, to: tls.keyPath)
            try write(generated.certificatePEM, to: tls.certificatePath, permissions: 0o644)
            credentials.certificatePath = tls.certificatePath
        }
        if let usersPath = configuration.smtp.usersFile, missing.contains("SMTP user") {
            let password = randomPassword()
            let users = UsersFile(hashes: [userName: try PasswordHasher.hash(password)])
            try write(users.rendered, to: usersPath)
            credentials.smtpUser = userName
            credentials.smtpPassword = password
        }
        if let keysPath = configuration.http.apiKeysFile, missing.contains("API key") {
            let (key, line) = APIKeysFile.generateKey(name: userName)
            try write(line, to: keysPath)
            credentials.apiKey = key
        }
        return credentials
    }

    /// The notice printed once, when credentials were generated.
    public static func notice(for credentials: DevelopmentCredentials, configuration: GatewayConfiguration) -> String {
        var lines = [
            "",
            "=== Mailgate DEVELOPMENT instance: loopback only, generated credentials. Not for production. ===",
        ]
        if let user = credentials.smtpUser, let password = credentials.smtpPassword {
            lines.append("SMTP user:     \(user)")
            lines.append("SMTP password: \(password)")
        }
        if let key = credentials.apiKey {
            lines.append("API key:       \(key)")
        }
        if let certificate = credentials.certificatePath {
            lines.append("Certificate:   \(certificate) (self-signed; trust it in local clients, or skip verification)")
        }
        let smtp = configuration.smtp
        lines.append("SMTP:          \(smtp.submission.address):\(smtp.submission.port) (STARTTLS), \(smtp.submissions.address):\(smtp.submissions.port) (TLS)")
        lines.append("HTTP:          \(configuration.http.tls == nil ? "http" : "https")://\(configuration.http.listener.address):\(configuration.http.listener.port)/")
        lines.append("These secrets are shown only now; only their hashes are kept in \(configuration.dataDirectory).")
        lines.append("Delete that directory to start over with new ones.")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private static func write(_ text: String, to path: String, permissions: Int = 0o600) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    private static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
