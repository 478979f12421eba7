import Foundation

/// A Python test peer (webhook receiver, SMTP sink) as a child process: started, awaited until it prints
/// `ready`, and killed. Its output goes to a file, shown when it does not start.
final class PythonServerProcess {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    private let arguments: [String]
    let outputPath: String
    private var process: Process?

    init(script: String, arguments: [String], outputPath: String) {
        self.arguments = [script] + arguments
        self.outputPath = outputPath
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Starts (or restarts) the peer and waits until it listens.
    func start(name: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        // Generous: with the whole suite starting peers at once on two cores, a Python start-up with its imports
        // has been seen to take over 20 s.
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if self.output.contains("ready") { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if self.output.contains("ready") { return }
        throw StartError(description: "the \(name) did not start: \(self.output)")
    }

    /// Stops the peer: connections to its port are refused until `start`.
    func stop() async {
        guard let process else { return }
        // SIGKILL: the test process may hand its children SIGTERM ignored. Polling rather than
        // waitUntilExit, which spins a run loop at full CPU on Linux.
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        self.process = nil
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
