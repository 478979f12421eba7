import Foundation
import MailgateTestSupport

/// The Python server in `http_test_server.py`, started for one test and stopped with it.
final class TestHTTPServer {
    let process = Process()
    let port: Int

    init(certificate: String? = nil, key: String? = nil) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("http_test_server.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + [certificate, key].compactMap { $0 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line is "PORT <n>", printed once the socket listens. Read off the cooperative pool: Python
        // starts slowly on a loaded machine, and a blocked pool thread stalls the other suites' servers.
        let reader = output.fileHandleForReading
        let line = await offPool {
            var line = Data()
            while let byte = try? reader.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
                line.append(byte)
            }
            return line
        }
        guard let text = String(data: line, encoding: .utf8), text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner may leave SIGTERM ignored, and children inherit that.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
