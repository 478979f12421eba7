import Foundation
import MailgateTestSupport

/// A smarthost with TLS and AUTH for `mailgate probe`: the SMTPClient tests' aiosmtpd server
/// (`aiosmtpd_server.py`: STARTTLS or implicit TLS with a given certificate, AUTH required) as a child process.
final class TLSSmarthost {
    let port: Int
    private let server: PythonServerProcess

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SMTPClientTests/aiosmtpd_server.py").path

    /// `auth` is `user:password`; `implicitTLS` serves TLS from the first byte instead of STARTTLS.
    init(directory: String, certificate: (certificate: String, key: String), auth: String?, implicitTLS: Bool = false) throws {
        port = try LoopbackPort.free()
        var arguments = ["--port", String(port), "--events", directory + "/smarthost-\(port).events",
                         "--cert", certificate.certificate, "--key", certificate.key]
        arguments.append(implicitTLS ? "--implicit-tls" : "--starttls")
        if let auth { arguments += ["--auth", auth] }
        server = PythonServerProcess(script: Self.script, arguments: arguments, outputPath: directory + "/smarthost-\(port).out")
    }

    func start() async throws {
        try await server.start(name: "TLS smarthost")
    }

    func stop() async {
        await server.stop()
    }
}
