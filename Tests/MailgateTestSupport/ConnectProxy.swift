import Foundation

/// `connect_proxy.py`, a real HTTP CONNECT proxy on 127.0.0.1, as a child process: what it was asked to
/// tunnel to is read back from its log.
public final class ConnectProxy {
    public let port: Int
    private let logPath: String
    private let process = Process()

    public var url: String { "http://127.0.0.1:\(port)" }

    public init(directory: String) async throws {
        port = try LoopbackPort.free()
        logPath = directory + "/proxy-\(port).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("connect_proxy.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, String(port), logPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // Read off the cooperative pool: Python starts slowly on a loaded machine.
        let reader = output.fileHandleForReading
        let line = await offPool { String(decoding: (try? reader.read(upToCount: 6)) ?? Data(), as: UTF8.self) }
        guard line.hasPrefix("ready") else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile)
        }
    }

    /// Every event in order: `accepted`, `CONNECT host:port`, `refused …`, `failed host:port`.
    public func events() -> [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The targets of the tunnels asked for, in order.
    public func connectTargets() -> [String] {
        events().filter { $0.hasPrefix("CONNECT ") }.map { String($0.dropFirst("CONNECT ".count)) }
    }

    deinit {
        // SIGKILL: the test runner may leave SIGTERM ignored, and children inherit that.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
