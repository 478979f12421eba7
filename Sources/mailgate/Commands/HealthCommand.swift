import ArgumentParser
import Foundation
import Gateway

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a running gateway's /healthz; exit 0 when it answers 200, 1 otherwise.",
        discussion: """
            Made for a container HEALTHCHECK: the runtime image has no shell tools. The default URL's port is \
            $MAILGATE_HTTP_PORT when set, else 8080; with $MAILGATE_HTTP_TLS_CERTIFICATE set (http.tls) it is https, \
            and the server must present that certificate.
            """)

    @Option(help: "The health URL to ask.")
    var url: String?

    @Option(help: "A PEM certificate the server must present (default: $MAILGATE_HTTP_TLS_CERTIFICATE).")
    var certificate: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 5

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let pinned = certificate ?? environment["MAILGATE_HTTP_TLS_CERTIFICATE"].flatMap { $0.isEmpty ? nil : $0 }
        let target = url ?? Self.defaultURL(environment: environment)
        switch await HealthProbe.check(url: target, timeout: .seconds(timeout), pinnedCertificate: pinned) {
        case .healthy:
            print("healthy: \(target)")
        case .unhealthy(let reason):
            FileHandle.standardError.write(Data("mailgate: unhealthy: \(target): \(reason)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The probe runs beside the server in the same container, so it shares its environment and port.
    static func defaultURL(environment: [String: String]) -> String {
        let scheme = (environment["MAILGATE_HTTP_TLS_CERTIFICATE"] ?? "").isEmpty ? "http" : "https"
        return "\(scheme)://127.0.0.1:\(environment["MAILGATE_HTTP_PORT"] ?? "8080")/healthz"
    }
}
