import Foundation
import MailgateTestSupport

/// The aiosmtpd smarthost of `aiosmtpd_server.py`, started for one test with the faults it is given and
/// killed with it. What it saw (connections, RSETs, messages) is read back from its events file.
final class AiosmtpdUpstream {
    let port: Int
    private let process = Process()
    private let eventsPath: String
    private let logPath: String

    init(_ arguments: [String] = [], in directory: TemporaryDirectory, port: Int? = nil) async throws {
        self.port = try port ?? LoopbackPort.free()
        self.eventsPath = directory.path + "/events-\(self.port).jsonl"
        self.logPath = directory.path + "/aiosmtpd-\(self.port).log"
        _ = FileManager.default.createFile(atPath: self.logPath, contents: nil)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("aiosmtpd_server.py").path
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        self.process.arguments = ["python3", script, "--port", "\(self.port)", "--events", self.eventsPath] + arguments
        let log = FileHandle(forWritingAtPath: self.logPath)
        self.process.standardOutput = log
        self.process.standardError = log
        self.process.standardInput = FileHandle.nullDevice
        try self.process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while !self.events().contains(where: { $0["event"] as? String == "ready" }) {
            guard self.process.isRunning, ContinuousClock.now < deadline else {
                throw UpstreamFailed(description: "aiosmtpd did not start: \(self.log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    deinit {
        // SIGKILL: the test runner may leave SIGTERM ignored, and children inherit that.
        kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    struct UpstreamFailed: Error, CustomStringConvertible {
        var description: String
    }

    var log: String { (try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? "" }

    func events() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: self.eventsPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func count(_ event: String) -> Int { self.events().filter { $0["event"] as? String == event }.count }

    var messages: [[String: Any]] { self.events().filter { $0["event"] as? String == "message" } }
}
