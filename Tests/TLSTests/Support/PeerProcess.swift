import Foundation

/// A long-running external peer (`openssl s_server`, a Python TLS server) whose stdout is read line by line
/// until it announces its port. Killed by `terminate()` if still running.
final class PeerProcess {
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private var pending = Data()

    init(_ tool: String, _ arguments: [String]) throws {
        self.process.executableURL = URL(fileURLWithPath: try ExternalCommand.path(of: tool))
        self.process.arguments = arguments
        self.process.standardOutput = self.output
        self.process.standardError = self.errors
        self.process.standardInput = FileHandle.nullDevice
        try self.process.run()
    }

    deinit {
        self.terminate()
    }

    /// Reads stdout until a line satisfies `match`, returning that line. Fails if the peer exits first.
    func waitForLine(where match: (String) -> Bool) throws -> String {
        while true {
            while let newline = self.pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: self.pending[self.pending.startIndex..<newline], as: UTF8.self)
                self.pending.removeSubrange(self.pending.startIndex...newline)
                if match(line) { return line }
            }
            let chunk = self.output.fileHandleForReading.availableData
            if chunk.isEmpty {
                let stderr = String(decoding: self.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw ExternalCommand.Failure(description: "peer exited before announcing itself: \(stderr)")
            }
            self.pending.append(chunk)
        }
    }

    /// Waits for the peer to exit (at most `timeout` seconds) and returns its remaining stdout and stderr.
    func finish(timeout: TimeInterval = 20) -> (status: Int32, stdout: String, stderr: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while self.process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        self.terminate()
        self.process.waitUntilExit()
        self.pending.append(self.output.fileHandleForReading.readDataToEndOfFile())
        let stderr = String(decoding: self.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (self.process.terminationStatus, String(decoding: self.pending, as: UTF8.self), stderr)
    }

    func terminate() {
        if self.process.isRunning {
            self.process.terminate()
        }
    }
}
