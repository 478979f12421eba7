import Foundation

/// Connection settings parsed from `postgres://user:pass@host:port/db?sslmode=...`.
public struct PostgresSettings: Sendable, Hashable {
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    /// Directory holding the server's unix socket (`?host=/dir`, as libpq); used instead of TCP when set.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    public var connectTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 5432, socketDirectory: String? = nil, username: String,
        password: String? = nil, database: String, tls: TLSMode = .prefer, connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.connectTimeout = connectTimeout
    }

    /// The URL without its password, for logs and errors.
    public var redactedURL: String {
        let credentials = self.password == nil ? self.username : "\(self.username):***"
        let host = self.socketDirectory.map { "[\($0)]" } ?? self.host
        return "postgres://\(credentials)@\(host):\(self.port)/\(self.database)"
    }
}
