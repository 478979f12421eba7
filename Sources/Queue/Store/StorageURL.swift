import Foundation

/// The `storage.url` setting: `sqlite://PATH` or `postgres://user:pass@host:port/db` with libpq's `sslmode`,
/// `sslrootcert`, `host` and `connect_timeout` parameters.
public enum StorageURL: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public init(parsing text: String) throws {
        if text.hasPrefix("sqlite://") {
            let rest = String(text.dropFirst("sqlite://".count))
            guard let path = rest.removingPercentEncoding, !path.isEmpty else {
                throw QueueStoreError.invalidURL(text, reason: "expected sqlite://PATH, e.g. sqlite:///var/lib/mailgate/queue.db")
            }
            self = .sqlite(path: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw QueueStoreError.invalidURL(
                Self.redact(text), reason: "unsupported scheme; use sqlite://PATH or postgres://user:pass@host:port/db")
        }
        guard let components = URLComponents(string: text) else {
            throw QueueStoreError.invalidURL(Self.redact(text), reason: "not a valid URL")
        }
        guard let user = components.user, !user.isEmpty else {
            throw QueueStoreError.invalidURL(Self.redact(text), reason: "missing user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw QueueStoreError.invalidURL(Self.redact(text), reason: "missing database name")
        }
        var settings = PostgresSettings(
            host: components.host.flatMap { $0.isEmpty ? nil : Self.unbracketed($0) } ?? "127.0.0.1",
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database)
        var tls: PostgresSettings.TLSMode?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                // libpq's `allow` tries plain text first; TLS when offered is the nearest this client has.
                guard let mode = item.value == "allow" ? .prefer : item.value.flatMap(PostgresSettings.TLSMode.init(rawValue:)) else {
                    throw QueueStoreError.invalidURL(
                        Self.redact(text),
                        reason: "unknown sslmode '\(item.value ?? "")' (disable, prefer, require, verify-ca, verify-full)")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else {
                    throw QueueStoreError.invalidURL(Self.redact(text), reason: "sslrootcert names no file")
                }
                settings.rootCertificatePath = path
            case "host":
                if let value = item.value, value.hasPrefix("/") {
                    settings.socketDirectory = value
                } else if let value = item.value {
                    settings.host = value
                }
            case "connect_timeout":
                guard let seconds = item.value.flatMap(Int.init), seconds > 0 else {
                    throw QueueStoreError.invalidURL(Self.redact(text), reason: "connect_timeout must be a positive integer")
                }
                settings.connectTimeout = .seconds(seconds)
            default:
                throw QueueStoreError.invalidURL(Self.redact(text), reason: "unknown parameter '\(item.name)'")
            }
        }
        // The default depends on where the server is, so it is decided once the host is known (`?host=` included).
        settings.tls = tls ?? PostgresSettings.defaultTLSMode(host: settings.host, socketDirectory: settings.socketDirectory)
        self = .postgres(settings)
    }

    /// `[::1]` is the URL's spelling of `::1`, which is what a connection and the loopback test want.
    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// Removes the password from a URL-ish string before it goes into an error.
    static func redact(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "(unparsable URL)"
    }
}
