import Foundation
import MailgateTestSupport
import Testing

/// HAProxy (Debian's `haproxy`, installed by `Scripts/setup --test`) in TCP mode on 127.0.0.1, relaying
/// to a test listener and announcing each client with the PROXY protocol, as a load balancer would.
final class HAProxyRelay {
    let port: Int
    private let process: Process

    /// `sendProxy` is HAProxy's server keyword: `send-proxy` (v1) or `send-proxy-v2`.
    static func start(to backendPort: Int, sendProxy: String, directory: TemporaryDirectory) async throws -> HAProxyRelay {
        guard let executable = ["/usr/sbin/haproxy", "/usr/bin/haproxy"].first(where: FileManager.default.isExecutableFile) else {
            Issue.record("haproxy is not installed: run Scripts/setup --test")
            throw POSIXError(.ENOENT)
        }
        let port = try LoopbackPort.free()
        let configuration = try directory.write("haproxy.cfg", """
            global
              maxconn 100
            defaults
              mode tcp
              timeout connect 5s
              timeout client 30s
              timeout server 30s
            frontend smtp
              bind 127.0.0.1:\(port)
              default_backend mailgate
            backend mailgate
              server mailgate 127.0.0.1:\(backendPort) \(sendProxy)
            """ + "\n")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-db", "-f", configuration]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let relay = HAProxyRelay(port: port, process: process)
        // Ready once it accepts; the probe connection is a client too, so it is closed before any byte.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if (try? RawSMTPConnection(port: port)) != nil { return relay }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        relay.stop()
        Issue.record("haproxy did not start listening on 127.0.0.1:\(port)")
        throw POSIXError(.ECONNREFUSED)
    }

    private init(port: Int, process: Process) {
        self.port = port
        self.process = process
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
