import Foundation
import MailgateTestSupport

/// The upstream smarthost of the outbound tests: `smtp_sink.py` (aiosmtpd) as a child process, keeping
/// every transaction it accepts as a file the test reads back.
final class SMTPSink {
    struct Transaction {
        var mailFrom: String
        var recipients: [String]
        var data: Data
    }

    struct SinkError: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    private let directory: String
    private let outputPath: String
    private var process: Process?

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    init(directory: String) throws {
        port = try LoopbackPort.free()
        self.directory = directory + "/sink-\(port)"
        outputPath = directory + "/sink-\(port).out"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, String(port), directory]
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if ((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "").contains("ready") { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SinkError(description: "the SMTP sink did not start: \((try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")")
    }

    func stop() async {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        self.process = nil
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func transactions() -> [Transaction] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        return files.compactMap { name in
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return nil }
            return Transaction(
                mailFrom: object["mail_from"] as? String ?? "", recipients: object["rcpt_tos"] as? [String] ?? [],
                data: Data(base64Encoded: object["data_base64"] as? String ?? "") ?? Data())
        }
    }
}
