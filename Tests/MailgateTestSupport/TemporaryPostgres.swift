import Foundation

/// A throwaway PostgreSQL server for the test process: initdb into a temp directory, listen on
/// 127.0.0.1 on a free port (unix socket inside the temp directory), password authentication, TLS offered
/// with a certificate for `localhost` (DNS name only) from a test CA (`tlsCAFile`).
/// Runs as `nobody` when the tests run as root (postgres refuses root). A watcher process stops
/// the server and deletes the directory when the test process exits, however it exits.
public final class TemporaryPostgres: Sendable {
    public let directory: String
    public let port: Int
    public let user = "mailgate"
    public let password = "queue-test-secret"
    /// The CA that issued the server's certificate (subject alternative name `DNS:localhost`, no IP address).
    public var tlsCAFile: String { "\(directory)/tls/ca.pem" }
    /// A CA that issued nothing the server presents.
    public var otherCAFile: String { "\(directory)/tls/other-ca.pem" }
    private let binaries: String
    private let counter = AtomicCounter()

    public static let shared: Result<TemporaryPostgres, HarnessError> = {
        do {
            return .success(try TemporaryPostgres.start())
        } catch let error as HarnessError {
            return .failure(error)
        } catch {
            return .failure(HarnessError(description: "\(error)"))
        }
    }()

    public struct HarnessError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// PostgreSQL binaries directory, if installed.
    public static func findBinaries() -> String? {
        let candidates = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin",
                          "/usr/local/bin", "/usr/bin"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }

    public static var isAvailable: Bool { findBinaries() != nil }

    private init(directory: String, port: Int, binaries: String) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
    }

    private static var runAsPrefix: [String] {
        getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
    }

    private static func start() throws -> TemporaryPostgres {
        guard let binaries = findBinaries() else {
            throw HarnessError(description: "PostgreSQL is not installed (no initdb found); install postgresql")
        }
        var template = Array("/tmp/mailgate-queue-pg-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw HarnessError(description: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: created)
        if getuid() == 0 {
            try run(["/usr/bin/chown", "nobody", directory])
        }
        let passwordFile = "\(directory)/pw"
        try "queue-test-secret\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        if getuid() == 0 {
            try run(["/usr/bin/chown", "nobody", passwordFile])
        }
        try run(
            runAsPrefix + [
                "\(binaries)/initdb", "-D", "\(directory)/data", "-U", "mailgate", "--pwfile=\(passwordFile)",
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync",
            ])
        try makeTLSFiles(in: "\(directory)/tls")
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try LoopbackPort.free()
            do {
                try run(
                    runAsPrefix + [
                        "\(binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-t", "60",
                        "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c max_connections=200 "
                            + "-c ssl=on -c ssl_cert_file=\(directory)/tls/server.pem -c ssl_key_file=\(directory)/tls/server.key",
                        "start",
                    ])
                let server = TemporaryPostgres(directory: directory, port: port, binaries: binaries)
                try server.startWatcher()
                return server
            } catch {
                lastError = error
            }
        }
        throw HarnessError(description: "could not start PostgreSQL: \(lastError.map { "\($0)" } ?? "?")")
    }

    /// A CA, the server's certificate and key (the key owned by the server's user, 0600, as PostgreSQL demands),
    /// and a second CA for the tests that must fail verification.
    private static func makeTLSFiles(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for ca in ["ca", "other-ca"] {
            try run([
                "/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "\(directory)/\(ca).key", "-out", "\(directory)/\(ca).pem", "-days", "2",
                "-subj", "/CN=Mailgate PostgreSQL Test \(ca)", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: "\(directory)/server.ext", atomically: true, encoding: .utf8)
        try run([
            "/usr/bin/openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "\(directory)/server.key", "-out", "\(directory)/server.csr", "-subj", "/CN=localhost",
        ])
        try run([
            "/usr/bin/openssl", "x509", "-req", "-in", "\(directory)/server.csr", "-CA", "\(directory)/ca.pem",
            "-CAkey", "\(directory)/ca.key", "-CAcreateserial", "-out", "\(directory)/server.pem", "-days", "2",
            "-extfile", "\(directory)/server.ext",
        ])
        chmod("\(directory)/server.key", 0o600)
        if getuid() == 0 {
            try run(["/usr/bin/chown", "nobody", "\(directory)/server.key", "\(directory)/server.pem"])
        }
    }

    private func startWatcher() throws {
        let stop = (Self.runAsPrefix + ["\(self.binaries)/pg_ctl", "-D", "\(self.directory)/data", "-m", "immediate", "stop"])
            .joined(separator: " ")
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 0.5; done
            \(stop)
            rm -rf '\(self.directory)'
            """
        _ = try DaemonSafeSpawn.spawn(["/usr/bin/setsid", "/bin/sh", "-c", script], outputPath: "/dev/null")
    }

    /// A new empty database; each test gets its own.
    public func createDatabase() throws -> String {
        let name = "queue_test_\(getpid())_\(self.counter.next())"
        try Self.run(
            ["/usr/bin/psql", "-h", "127.0.0.1", "-p", "\(self.port)", "-U", self.user, "-d", "postgres", "-q", "-c",
             "CREATE DATABASE \(name)"],
            environment: ["PGPASSWORD": self.password])
        return name
    }

    /// `connect_timeout=60`: the suite opens dozens of stores at once on two loaded cores, where the production
    /// default (10 s) was once exceeded by every store opening in the same ten seconds.
    public func url(database: String) -> String {
        "postgres://\(self.user):\(self.password)@127.0.0.1:\(self.port)/\(database)?sslmode=disable&\(Self.connectTimeout)"
    }

    /// A URL over TCP to `host` (the certificate names `localhost`), with the TLS parameters given.
    public func url(database: String, host: String, tlsParameters: String) -> String {
        "postgres://\(self.user):\(self.password)@\(host):\(self.port)/\(database)?"
            + (tlsParameters.isEmpty ? Self.connectTimeout : tlsParameters + "&" + Self.connectTimeout)
    }

    private static let connectTimeout = "connect_timeout=60"

    public func psql(_ sql: String, database: String) throws -> String {
        try Self.run(
            ["/usr/bin/psql", "-h", "127.0.0.1", "-p", "\(self.port)", "-U", self.user, "-d", database, "-qAt", "-c", sql],
            environment: ["PGPASSWORD": self.password])
    }

    /// Runs a command to completion (through `DaemonSafeSpawn`: the server pg_ctl leaves running inherits
    /// descriptors).
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let outputPath = "/tmp/mailgate-queue-cmd-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
        defer { unlink(outputPath) }
        let pid = try DaemonSafeSpawn.spawn(arguments, environment: environment, outputPath: outputPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard DaemonSafeSpawn.exitCode(status) == 0 else {
            throw HarnessError(description: "\(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
