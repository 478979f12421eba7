import Foundation
import MailgateTestSupport

/// A private Postfix instance for interop tests: its own configuration, queue and data directories in a
/// temporary directory, smtpd on 127.0.0.1 only, mail relayed to one relayhost with SASL over mandatory TLS,
/// its log in a file of its own. The system's Postfix configuration and mail are never touched.
///
/// Postfix's master must be started as root (it drops to `mail_owner` itself), so the tests that use it
/// need root; CI runs as root.
final class PostfixInstance {
    struct Relayhost {
        var port: Int
        var username: String
        var password: String
        /// The CA certificate the relayhost's certificate must chain to (`smtp_tls_CAfile`).
        var caFile: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let postfix = "/usr/sbin/postfix"
    static let postmap = "/usr/sbin/postmap"
    static let hostname = "postfix.test"

    /// Whether the tests can run here. On CI they always run, so a missing Postfix fails them.
    static var isUsable: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true"
            || (FileManager.default.isExecutableFile(atPath: postfix) && geteuid() == 0)
    }

    let directory: TemporaryDirectory
    let smtpdPort: Int
    var configDirectory: String { directory.path + "/etc" }
    var logFile: String { directory.path + "/maillog" }

    private init(directory: TemporaryDirectory, smtpdPort: Int) {
        self.directory = directory
        self.smtpdPort = smtpdPort
    }

    /// Starts an instance, runs `body` and stops the instance whether `body` succeeded or not.
    static func with<T>(relayhost: Relayhost, _ body: (PostfixInstance) async throws -> T) async throws -> T {
        let instance = try await start(relayhost: relayhost)
        let result: T
        do {
            result = try await body(instance)
        } catch {
            await instance.stop()
            throw error
        }
        await instance.stop()
        return result
    }

    static func start(relayhost: Relayhost) async throws -> PostfixInstance {
        guard FileManager.default.isExecutableFile(atPath: postfix) else {
            throw Failure(description: "Postfix is not installed (\(postfix)): run Scripts/setup --test")
        }
        guard geteuid() == 0 else {
            throw Failure(description: "a private Postfix instance must be started as root")
        }
        let directory = try TemporaryDirectory()
        let instance = PostfixInstance(directory: directory, smtpdPort: try LoopbackPort.free())
        try instance.writeConfiguration(relayhost: relayhost)
        let map = try await ExternalTool.run(postmap, ["-c", instance.configDirectory, "hash:\(instance.configDirectory)/sasl_passwd"])
        guard map.status == 0 else { throw Failure(description: "postmap failed: \(map.output)") }
        let started = try await ExternalTool.run(postfix, ["-c", instance.configDirectory, "start"])
        guard started.status == 0 else {
            throw Failure(description: "postfix start failed (\(started.status)): \(started.output)\n\(instance.log())")
        }
        // `postfix start` returns once master is up; smtpd is spawned on the first connection.
        return instance
    }

    func stop() async {
        _ = try? await ExternalTool.run(Self.postfix, ["-c", configDirectory, "stop"])
    }

    /// The instance's own log (`maillog_file`), for failure messages.
    func log() -> String {
        (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "(no Postfix log at \(logFile))"
    }

    private func writeConfiguration(relayhost: Relayhost) throws {
        let root = directory.path
        for name in ["etc", "queue", "data"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
        }
        // master's lock file and the TLS session caches live here, written as mail_owner.
        try FileManager.default.setAttributes([.ownerAccountName: "postfix"], ofItemAtPath: root + "/data")
        let nexthop = "[127.0.0.1]:\(relayhost.port)"
        try directory.write("etc/main.cf", """
            compatibility_level = 3.6
            config_directory = \(root)/etc
            queue_directory = \(root)/queue
            data_directory = \(root)/data
            maillog_file_prefixes = \(root)
            maillog_file = \(logFile)
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            myhostname = \(Self.hostname)
            mydomain = \(Self.hostname)
            myorigin = \(Self.hostname)
            mydestination =
            alias_maps =
            alias_database =
            local_recipient_maps =
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, reject
            relayhost = \(nexthop)
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = hash:\(root)/etc/sasl_passwd
            # The default also forbids plaintext mechanisms; PLAIN is fine inside the mandatory TLS.
            smtp_sasl_security_options = noanonymous
            smtp_sasl_tls_security_options = noanonymous
            smtp_tls_security_level = encrypt
            smtp_tls_CAfile = \(relayhost.caFile)
            smtp_tls_loglevel = 1
            # Nothing is retried in a test: a first failure is reported, not hidden behind a backoff.
            maximal_queue_lifetime = 0
            bounce_queue_lifetime = 0

            """, permissions: 0o644)
        try directory.write(
            "etc/master.cf", PostfixMasterServices.configuration(smtpdPort: smtpdPort, relaysOnward: true), permissions: 0o644)
        try directory.write("etc/sasl_passwd", "\(nexthop) \(relayhost.username):\(relayhost.password)\n")
    }
}
