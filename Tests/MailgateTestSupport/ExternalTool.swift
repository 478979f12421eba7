import Foundation

/// A real client program (swaks, python3, curl, openssl) run to completion with its output.
public enum ExternalTool {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Duration = .seconds(120)) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        // No pipe unless there is input: Foundation's Process closes descriptors by number after a
        // concurrent spawn, and closing a pipe end twice failed a test now and then (EBADF).
        let input = stdin.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        if let stdin, let input {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        let reader = output.fileHandleForReading
        let collected = Task { await offPool { reader.readDataToEndOfFile() } }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: await collected.value, as: UTF8.self))
    }
}

extension ExternalTool {
    /// Like `run`, for a tool that leaves a daemon behind (`podman run -d` and its conmon): see `DaemonSafeSpawn`.
    public static func runLeavingDaemons(_ executable: String, _ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Result {
        let outputPath = NSTemporaryDirectory() + "mailgate-tool-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        let pid = try DaemonSafeSpawn.spawn([executable] + arguments, outputPath: outputPath)
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped == -1 && errno != EINTR) { break }
            if ContinuousClock.now >= deadline { kill(pid, SIGKILL) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: DaemonSafeSpawn.exitCode(status), output: output)
    }
}
