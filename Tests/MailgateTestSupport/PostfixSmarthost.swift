import Foundation
import MailgateTestSupport

/// A private Postfix whose smtpd plays the upstream smarthost: STARTTLS mandatory (`encrypt`), PIPELINING,
/// SIZE, 8BITMIME and DSN as Postfix offers them, per-recipient verdicts from an inline access map, and every
/// accepted message discarded (its fate is read from the instance's own log). Unlike the relaying
/// `PostfixInstance` of the SMTPServer tests, this one is a server only.
///
/// Postfix's master must be started as root (it drops to `mail_owner` itself).
final class PostfixSmarthost {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let postfix = "/usr/sbin/postfix"

    static var isUsable: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true"
            || (FileManager.default.isExecutableFile(atPath: postfix) && geteuid() == 0)
    }

    let directory: TemporaryDirectory
    let port: Int
    var logFile: String { self.directory.path + "/maillog" }

    private init(directory: TemporaryDirectory, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// Starts an instance presenting `certificate`, runs `body`, and stops the instance whatever happens.
    /// `offerChunking` false hides CHUNKING from EHLO, so clients fall back to DATA.
    static func with<T>(
        certificate: String, key: String, offerChunking: Bool = true, _ body: (PostfixSmarthost) async throws -> T
    ) async throws -> T {
        guard FileManager.default.isExecutableFile(atPath: postfix) else {
            throw Failure(description: "Postfix is not installed (\(postfix)): run Scripts/setup --test")
        }
        let instance = PostfixSmarthost(directory: try TemporaryDirectory(), port: try LoopbackPort.free())
        try instance.writeConfiguration(certificate: certificate, key: key, offerChunking: offerChunking)
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

    func log() -> String {
        (try? String(contentsOfFile: self.logFile, encoding: .utf8)) ?? "(no Postfix log at \(self.logFile))"
    }

    /// Waits until the log says what became of `recipient` (`status=...`), and returns that line.
    func waitForStatus(of recipient: String, timeout: Duration = .seconds(60)) async throws -> String? {
        try await self.waitForLine(timeout: timeout) { $0.contains("to=<\(recipient)>") && $0.contains("status=") }
    }

    /// Waits until a log line matches (postlogd writes the log after the fact), and returns it.
    func waitForLine(timeout: Duration = .seconds(60), where match: (Substring) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = self.log().split(separator: "\n").first(where: match) { return String(line) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
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
            smtpd_recipient_restrictions = check_recipient_access inline:{ { perm@dest.test = 550 5.1.1 No such user }, { temp@dest.test = 450 4.2.0 Try later } }, permit_mynetworks, reject
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
