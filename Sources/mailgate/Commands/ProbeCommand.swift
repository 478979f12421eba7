import ArgumentParser
import Foundation
import SMTPClient

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check a smarthost: reachability, EHLO, TLS and its certificate, AUTH; print the relay.upstreams entry for the best port.",
        discussion: """
            Ports 465 (implicit TLS), 587, 2525 and 25 (STARTTLS), or only --port. Exit 0 when a port is usable \
            (verified TLS, and AUTH succeeded when --user is given), 69 when none is, 78 when --ca-file or \
            --password-file cannot be read. The password is never printed.
            """)

    @Argument(help: "The smarthost's host name (or IP address).")
    var host: String

    @Option(help: "Probe only this port.")
    var port: Int?

    @Option(help: "TLS on --port: tls (implicit) or starttls; default implicit on 465, STARTTLS elsewhere.")
    var tls: SMTPProbeObservation.TLSKind?

    @Option(help: "A user name to try AUTH with (needs --password-file).")
    var user: String?

    @Option(help: "A file holding the password (one trailing line break is ignored).")
    var passwordFile: String?

    @Flag(help: "Print the report as one JSON document.")
    var json = false

    @Option(help: "CAs to verify the certificate with instead of the system trust store.")
    var caFile: String?

    @Option(help: "Seconds to wait for each connect and each reply.")
    var timeout: Int = 10

    func validate() throws {
        if (self.user == nil) != (self.passwordFile == nil) { throw ValidationError("--user and --password-file go together") }
        if self.tls != nil && self.port == nil { throw ValidationError("--tls goes with --port") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535") }
        if self.timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        var password: String?
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                FileHandle.standardError.write(Data("mailgate probe: cannot read --password-file \(passwordFile)\n".utf8))
                throw ExitCode.configurationError
            }
            password = CommandInput.secret(data)
        }
        var ports: [(port: Int, tls: SMTPProbeObservation.TLSKind)] = []
        if let port = self.port {
            ports.append((port: port, tls: self.tls ?? SMTPProbeObservation.defaultTLSKind(port: port)))
        } else {
            for port in SMTPProbeAssessment.preference { ports.append((port: port, tls: SMTPProbeObservation.defaultTLSKind(port: port))) }
        }
        let prober = SMTPProber(
            host: self.host, caFile: self.caFile, username: self.user, password: password, timeout: .seconds(self.timeout),
            heloName: ProcessInfo.processInfo.hostName)
        let observations: [SMTPProbeObservation]
        do {
            observations = try await prober.probe(ports: ports)
        } catch {
            FileHandle.standardError.write(Data("mailgate probe: \(error)\n".utf8))
            throw ExitCode.configurationError
        }
        let credentials = self.user.flatMap { user in self.passwordFile.map { SMTPProbeAssessment.Credentials(username: user, passwordFile: $0) } }
        let assessment = SMTPProbeAssessment(host: self.host, observations: observations, credentials: credentials, caFile: self.caFile, now: Date())
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.dateEncodingStrategy = .iso8601
            FileHandle.standardOutput.write(try encoder.encode(assessment))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(assessment.text)
        }
        if assessment.recommendedPort == nil { throw ExitCode.unavailable }
    }
}
