import Foundation

/// The built `mailgate` executable run as a child process, as an operator would run it.
final class MailgateProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    /// The binary sits beside the test bundle in the build folder; `MAILGATE_BINARY` overrides it.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["MAILGATE_BINARY"] { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("mailgate").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return bundle.appendingPathComponent("mailgate").path
    }

    init(_ arguments: [String], environment: [String: String] = [:], directory: String, stdin: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = arguments
        // Only what the test gives, plus PATH: the developer's own MAILGATE_* variables must not leak in.
        process.environment = environment.merging(["PATH": "/usr/local/bin:/usr/bin:/bin"]) { mine, _ in mine }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        stdoutPath = directory + "/stdout-\(UUID().uuidString).log"
        stderrPath = directory + "/stderr-\(UUID().uuidString).log"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(stdin.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the exit and returns the status, or nil (after killing the process) when the time runs out.
    func waitForExit(within limit: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Runs a command to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String, stdin: String? = nil) async throws -> (status: Int32?, stdout: String, stderr: String) {
        let child = try MailgateProcess(arguments, environment: environment, directory: directory, stdin: stdin)
        let status = await child.waitForExit(within: .seconds(60))
        return (status, child.stdout, child.stderr)
    }
}
