import Foundation
import MailgateTestSupport

/// A private Postfix whose smtpd plays the upstream smarthost: STARTTLS mandatory (`encrypt`), PIPELINING,
/// SIZE, 8BITMIME and DSN as Postfix offers them, per-recipient verdicts from an inline access map, and every
/// accepted message discarded (its fate is read from the instance's own log). With an `account`, relaying also
/// needs AUTH (Cyrus SASL, PLAIN and LOGIN checked against an sasldb of that one account), offered only after
/// STARTTLS. Unlike the relaying
/// `PostfixInstance` of the SMTPServer tests, this one is a server only.
///
/// Postfix's master must be started as root (it drops to `mail_owner` itself).
public final class PostfixSmarthost {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static let postfix = "/usr/sbin/postfix"

    public static var isUsable: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true"
            || (FileManager.default.isExecutableFile(atPath: postfix) && geteuid() == 0)
    }

    let directory: TemporaryDirectory
    public let port: Int
    public var logFile: String { self.directory.path + "/maillog" }

    private init(directory: TemporaryDirectory, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// The one SASL account of an instance that requires AUTH.
    public struct Account: Sendable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// Starts an instance presenting `certificate`, runs `body`, and stops the instance whatever happens.
    /// `offerChunking` false hides CHUNKING from EHLO, so clients fall back to DATA; an `account` makes AUTH
    /// mandatory for relaying.
    public static func with<T>(
        certificate: String, key: String, offerChunking: Bool = true, account: Account? = nil,
        _ body: (PostfixSmarthost) async throws -> T
    ) async throws -> T {
        guard FileManager.default.isExecutableFile(atPath: postfix) else {
            throw Failure(description: "Postfix is not installed (\(postfix)): run Scripts/setup --test")
        }
        let instance = PostfixSmarthost(directory: try TemporaryDirectory(), port: try LoopbackPort.free())
        try instance.writeConfiguration(certificate: certificate, key: key, offerChunking: offerChunking)
        if let account { try await instance.requireAuthentication(account) }
        let started = try await ExternalTool.run(postfix, ["-c", instance.directory.path + "/etc", "start"])
        guard started.status == 0 else { throw Failure(description: "postfix start failed: \(started.output)\n\(instance.log())") }
        let result: T
        do {
            result = try await body(instance)
        } catch {
            _ = try? await ExternalTool.run(postfix, ["-c", instance.directory.path + "/etc", "stop"])
            throw error
        }
        _ = try? await ExternalTool.run(postfix, ["-c", instance.directory.path + "/etc", "stop"])
        return result
    }

    public func log() -> String {
        (try? String(contentsOfFile: self.logFile, encoding: .utf8)) ?? "(no Postfix log at \(self.logFile))"
    }

    /// Waits until the log says what became of `recipient` (`status=...`), and returns that line.
    public func waitForStatus(of recipient: String, timeout: Duration = .seconds(60)) async throws -> String? {
        try await self.waitForLine(timeout: timeout) { $0.contains("to=<\(recipient)>") && $0.contains("status=") }
    }

    /// Waits until a log line matches (postlogd writes the log after the fact), and returns it.
    public func waitForLine(timeout: Duration = .seconds(60), where match: (Substring) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = self.log().split(separator: "\n").first(where: match) { return String(line) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    static let verdicts = "check_recipient_access inline:{ { perm@dest.test = 550 5.1.1 No such user }, { temp@dest.test = 450 4.2.0 Try later } }"

    /// Cyrus SASL through an sasldb made by `saslpasswd2` (Debian's sasl2-bin) in the instance's directory; the
    /// loopback network no longer relays by itself, and AUTH is offered only once TLS is up.
    private func requireAuthentication(_ account: Account) async throws {
        let root = self.directory.path
        try FileManager.default.createDirectory(atPath: root + "/etc/sasl", withIntermediateDirectories: true)
        let database = root + "/etc/sasl/sasldb2"
        let created = try await ExternalTool.run(
            "/usr/sbin/saslpasswd2", ["-p", "-c", "-f", database, "-u", "smarthost.test", account.username], stdin: account.password)
        guard created.status == 0 else { throw Failure(description: "saslpasswd2 failed: \(created.output)") }
        // smtpd reads it after dropping to the postfix user.
        try FileManager.default.setAttributes([.ownerAccountName: "postfix"], ofItemAtPath: database)
        try self.directory.write("etc/sasl/smtpd.conf", """
            pwcheck_method: auxprop
            auxprop_plugin: sasldb
            sasldb_path: \(database)
            mech_list: PLAIN LOGIN

            """, permissions: 0o644)
        let mainCF = root + "/etc/main.cf"
        let configuration = try String(contentsOfFile: mainCF, encoding: .utf8)
            .replacingOccurrences(of: "permit_mynetworks, reject", with: "permit_sasl_authenticated, reject")
        try self.directory.write("etc/main.cf", configuration + """
            smtpd_sasl_auth_enable = yes
            smtpd_sasl_type = cyrus
            smtpd_sasl_path = smtpd
            cyrus_sasl_config_path = \(root)/etc/sasl
            smtpd_sasl_local_domain = smarthost.test
            smtpd_tls_auth_only = yes

            """, permissions: 0o644)
    }

    private func writeConfiguration(certificate: String, key: String, offerChunking: Bool) throws {
        let root = self.directory.path
        for name in ["etc", "queue", "data"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
        }
        try FileManager.default.setAttributes([.ownerAccountName: "postfix"], ofItemAtPath: root + "/data")
        // Postfix reads the key as root before dropping privileges, but refuses a world-readable one.
        try self.directory.write("etc/key.pem", try String(contentsOfFile: key, encoding: .utf8), permissions: 0o600)
        try self.directory.write("etc/cert.pem", try String(contentsOfFile: certificate, encoding: .utf8), permissions: 0o644)
        try self.directory.write("etc/main.cf", """
            compatibility_level = 3.6
            config_directory = \(root)/etc
            queue_directory = \(root)/queue
            data_directory = \(root)/data
            maillog_file_prefixes = \(root)
            maillog_file = \(self.logFile)
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            myhostname = smarthost.test
            mydomain = smarthost.test
            myorigin = smarthost.test
            mydestination =
            alias_maps =
            alias_database =
            local_recipient_maps =
            mynetworks = 127.0.0.0/8
            relay_domains = dest.test
            smtpd_recipient_restrictions = \(Self.verdicts), permit_mynetworks, reject
            smtpd_relay_restrictions = permit_mynetworks, reject
            smtpd_tls_security_level = encrypt
            smtpd_tls_chain_files = \(root)/etc/key.pem, \(root)/etc/cert.pem
            smtpd_tls_loglevel = 1
            smtpd_tls_received_header = yes
            message_size_limit = 1000000
            default_transport = discard
            relay_transport = discard
            smtpd_discard_ehlo_keywords = \(offerChunking ? "" : "chunking")

            """, permissions: 0o644)
        try self.directory.write(
            "etc/master.cf", PostfixMasterServices.configuration(smtpdPort: self.port, relaysOnward: false), permissions: 0o644)
    }
}
