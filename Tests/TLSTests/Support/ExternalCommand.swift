import Foundation

/// Runs external tools (openssl, python3) the tests use as real peers. On CI a missing tool fails the test
/// with a clear message instead of skipping it.
enum ExternalCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func path(of tool: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw Failure(description: "required test peer `\(tool)` is not installed (apt-get install openssl python3)")
    }

    /// Runs to completion and returns stdout; throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], directory: URL? = nil, stdin: Data? = nil) throws -> String {
        let result = try self.runAllowingFailure(tool, arguments, directory: directory, stdin: stdin)
        guard result.status == 0 else {
            throw Failure(
                description: "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Runs to completion; output is read concurrently so a chatty peer cannot block on a full pipe.
    static func runAllowingFailure(
        _ tool: String,
        _ arguments: [String],
        directory: URL? = nil,
        stdin: Data? = nil
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try self.path(of: tool))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let errorBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errorBox.data, as: UTF8.self)
        )
    }
}

/// Hands stderr bytes from the reader queue back to the caller, which waits on the group first.
private final class DataBox: @unchecked Sendable {
    // why @unchecked: written once on the reader queue before `group.leave()`, read after `group.wait()`.
    var data = Data()
}
