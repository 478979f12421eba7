import Foundation

/// An `openssl s_server` (or any command) started through `/bin/sh`, stdin held open so it never sees EOF.
final class ExternalPeer {
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()

    init(shell command: String) throws {
        self.process.executableURL = URL(fileURLWithPath: "/bin/sh")
        self.process.arguments = ["-c", "exec " + command]
        self.process.standardInput = self.stdin
        self.process.standardOutput = self.stdout
        self.process.standardError = FileHandle.nullDevice
        try self.process.run()
    }

    /// `openssl s_server -accept 127.0.0.1:0` prints `ACCEPT 127.0.0.1:<port>` first.
    func acceptedPort() throws -> Int {
        var text = ""
        while !text.contains("\n") || !text.contains("ACCEPT") {
            let chunk = self.stdout.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchmarkFailure("peer exited: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.split(separator: "\n").first { $0.hasPrefix("ACCEPT") }!
        // Keep draining stdout so the peer never blocks on a full pipe.
        let handle = self.stdout.fileHandleForReading
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
        return Int(line.split(separator: ":").last!)!
    }

    func stop() {
        if self.process.isRunning { self.process.terminate() }
        self.process.waitUntilExit()
    }

    /// Runs a shell command to completion and returns its wall time and stdout+stderr.
    static func timed(shell command: String) throws -> (seconds: Double, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let start = DispatchTime.now()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return (seconds, String(decoding: data, as: UTF8.self))
    }
}
