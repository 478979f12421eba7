import Foundation
import MailgateTestSupport

/// A production-style `mailgate serve` for end-to-end tests: its own configuration file, certificate,
/// users and API keys in a temporary directory, listeners on free loopback ports, and a store (SQLite in
/// the directory, or a database on the tests' PostgreSQL).
final class GatewayInstance {
    enum Store: String, CaseIterable, CustomStringConvertible, Sendable {
        case sqlite, postgres
        var description: String { rawValue }
    }

    let directory: TemporaryDirectory
    let submissionPort: Int
    let submissionsPort: Int
    /// The MX listener (`smtp.inbound`): no AUTH, routed recipients only.
    let inboundPort: Int
    let httpPort: Int
    let user = "app"
    let password = "correct horse battery"
    let apiKey = "mgk_e2e_" + UUID().uuidString
    let configPath: String
    private(set) var process: MailgateProcess?

    /// - Parameters:
    ///   - routes: the YAML of the `routes:` list (indented by two spaces), plus any other top-level keys.
    ///   - http: more keys of the `http` mapping, in flow style after a comma (`, rate_limits: {…}`).
    ///   - storageURL: another instance's store, for replicas on one database (`store` is then ignored).
    ///   - httpTLS: serve the HTTP API over TLS (`http.tls`) with a certificate of its own for `localhost` and
    ///     127.0.0.1 (`httpCertificate`, `httpKey`), which the instance's requests trust.
    init(store: Store = .sqlite, routes: String, http: String = "", storageURL shared: String? = nil, httpTLS: Bool = false) async throws {
        directory = try TemporaryDirectory()
        let path = directory.path
        submissionPort = try LoopbackPort.free()
        submissionsPort = try LoopbackPort.free()
        inboundPort = try LoopbackPort.free()
        httpPort = try LoopbackPort.free()
        let certificate = try await Self.makeCertificate(commonName: "localhost", certificate: path + "/tls.crt", key: path + "/tls.key")
        guard certificate.status == 0 else { throw GatewayError(description: "openssl req: \(certificate.output)") }
        if httpTLS {
            let made = try await Self.makeCertificate(
                commonName: "localhost", certificate: path + "/http.crt", key: path + "/http.key")
            guard made.status == 0 else { throw GatewayError(description: "openssl req: \(made.output)") }
        }
        self.httpTLS = httpTLS
        let hash = try await ExternalTool.run("openssl", ["passwd", "-6", password])
        guard hash.status == 0 else { throw GatewayError(description: "openssl passwd: \(hash.output)") }
        try directory.write("users", "\(user):\(hash.output.trimmingCharacters(in: .whitespacesAndNewlines))\n")
        let digest = try await ExternalTool.run("python3", ["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", apiKey])
        try directory.write("api-keys", "e2e:\(digest.output.trimmingCharacters(in: .whitespacesAndNewlines)):*\n")
        let storageURL: String
        if let shared {
            storageURL = shared
        } else if store == .sqlite {
            storageURL = "sqlite://\(path)/mailgate.db"
        } else {
            let server = try TemporaryPostgres.shared.get()
            storageURL = server.url(database: try server.createDatabase())
        }
        self.storageURL = storageURL
        self.http = http
        configPath = directory.path + "/mailgate.yaml"
        try writeConfiguration(routes: routes)
    }

    let storageURL: String
    private let http: String
    let httpTLS: Bool
    var httpCertificate: String { directory.path + "/http.crt" }
    var httpKey: String { directory.path + "/http.key" }
    /// What this instance's HTTP requests trust: its own self-signed certificate, when it serves TLS.
    var caFile: String? { httpTLS ? httpCertificate : nil }

    /// A self-signed P-256 certificate valid for `localhost` and 127.0.0.1 (curl checks the name against the SAN).
    static func makeCertificate(commonName: String, certificate: String, key: String) async throws -> ExternalTool.Result {
        try await ExternalTool.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", key, "-out", certificate,
        ])
    }

    /// Writes the configuration file (again: a test may change it and send SIGHUP). `submissionPort` and
    /// `tls` (certificate and key paths) default to the instance's own; `smtp` is more keys of the `smtp` mapping
    /// (indented by two spaces); `http` replaces the instance's extra `http` keys.
    func writeConfiguration(
        routes: String, submissionPort: Int? = nil, tls: (certificate: String, key: String)? = nil, smtp: String = "",
        http: String? = nil
    ) throws {
        let path = directory.path
        let (certificate, key) = tls ?? (path + "/tls.crt", path + "/tls.key")
        try directory.write("mailgate.yaml", """
            hostname: mx.e2e.example
            smtp:
              submission: { address: 127.0.0.1, port: \(submissionPort ?? self.submissionPort) }
              submissions: { address: 127.0.0.1, port: \(submissionsPort) }
              inbound: { enabled: true, address: 127.0.0.1, port: \(inboundPort) }
              tls: { certificate: \(certificate), key: \(key) }
              users_file: \(path)/users
              # The tests send as many senders (app@example.com, app@ed.example.com, …), not only the user's own.
              sender_default: any
            \(smtp)
            http: { address: 127.0.0.1, port: \(httpPort), api_keys_file: \(path)/api-keys\(httpTLSKeys)\(http ?? self.http) }
            storage: { url: "\(storageURL)" }
            \(routes)
            """)
    }

    struct GatewayError: Error, CustomStringConvertible {
        var description: String
    }

    private var httpTLSKeys: String {
        httpTLS ? ", tls: { certificate: \(httpCertificate), key: \(httpKey) }" : ""
    }

    var base: String { httpTLS ? "https://localhost:\(httpPort)" : "http://127.0.0.1:\(httpPort)" }
    var stderr: String { process?.stderr ?? "" }

    /// `environment`: variables the gateway process gets besides PATH (a test's `https_proxy`, say).
    func start(environment: [String: String] = [:]) async throws {
        let process = try MailgateProcess(["serve", "--config", configPath], environment: environment, directory: directory.path)
        self.process = process
        let health = try await TestNetwork.waitUntilAnswering(base + "/readyz", caFile: caFile, within: .seconds(30))
        guard health?.status == 200 else { throw GatewayError(description: "mailgate did not become ready: \(process.stderr)") }
    }

    /// SIGHUP: re-read the configuration.
    func reload() {
        process?.signal(SIGHUP)
    }

    /// SIGKILL: no drain, no goodbye.
    func kill() async {
        guard let process else { return }
        process.signal(SIGKILL)
        _ = await process.waitForExit(within: .seconds(10))
    }

    /// SIGTERM and a clean exit.
    @discardableResult
    func stop() async -> Int32? {
        guard let process else { return nil }
        process.signal(SIGTERM)
        return await process.waitForExit(within: .seconds(30))
    }

    deinit {
        process?.signal(SIGKILL)
    }

    enum Port { case starttls, implicitTLS }

    /// swaks, authenticated, over STARTTLS on the submission port or implicit TLS on the submissions port.
    func swaks(to: String, from: String = "app@example.com", over port: Port = .starttls, subject: String = "Hello", body: String = "Hi there.") async throws -> ExternalTool.Result {
        let tls: [String] = port == .starttls ? ["--port", String(submissionPort), "--tls"] : ["--port", String(submissionsPort), "--tlsc"]
        return try await ExternalTool.run("swaks", [
            "--server", "127.0.0.1", "--auth", "PLAIN", "--auth-user", user, "--auth-password", password,
            "--from", from, "--to", to, "--header", "Subject: \(subject)", "--body", body,
        ] + tls, timeout: .seconds(60))
    }
}
