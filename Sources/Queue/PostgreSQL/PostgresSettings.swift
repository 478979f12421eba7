import Foundation

/// Connection settings parsed from `postgres://user:pass@host:port/db?sslmode=...&sslrootcert=...`.
public struct PostgresSettings: Sendable, Hashable {
    /// libpq's `sslmode`, with libpq's meaning of each mode (a PostgreSQL operator already knows them).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain text.
        case disable
        /// TLS when the server offers it, the certificate not verified (libpq's `allow` reads as this).
        case prefer
        /// TLS or no connection; the certificate is not verified, unless `sslrootcert` is given (then as `verify-ca`).
        case require
        /// TLS, the certificate chain verified against the CA; any name accepted.
        case verifyCA = "verify-ca"
        /// TLS, the chain verified and the certificate's name (or IP address) matched against the host.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// Directory holding the server's unix socket (`?host=/dir`, as libpq); used instead of TCP when set.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the CAs the server's certificate must chain to; nil is the system trust store.
    public var rootCertificatePath: String?
    public var connectTimeout: Duration

    public init(
        host: String = "127.0.0.1", port: Int = 5432, socketDirectory: String? = nil, username: String,
        password: String? = nil, database: String, tls: TLSMode? = nil, rootCertificatePath: String? = nil,
        connectTimeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls ?? Self.defaultTLSMode(host: host, socketDirectory: socketDirectory)
        self.rootCertificatePath = rootCertificatePath
        self.connectTimeout = connectTimeout
    }

    /// The mode when the URL names none. Off this machine the network is not trusted, so the server must prove
    /// its name (`verify-full`); on loopback and over a unix socket an attacker would already be on the host,
    /// and a local server rarely has a certificate for a name, so `prefer` keeps the quick start working.
    public static func defaultTLSMode(host: String, socketDirectory: String?) -> TLSMode {
        if socketDirectory != nil || host.hasPrefix("/") { return .prefer }
        return isLoopback(host) ? .prefer : .verifyFull
    }

    /// `localhost`, 127.0.0.0/8 and ::1 (any spelling, bracketed or not, IPv4-mapped too). Other names are not
    /// trusted to be loopback, whatever they resolve to today.
    static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, host, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
        }
        return false
    }

    /// The URL without its password, for logs and errors.
    public var redactedURL: String {
        let credentials = self.password == nil ? self.username : "\(self.username):***"
        let host = self.socketDirectory.map { "[\($0)]" } ?? self.host
        return "postgres://\(credentials)@\(host):\(self.port)/\(self.database)"
    }
}
