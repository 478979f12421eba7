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

    let port: Int
    private let directory: String
    private let server: PythonServerProcess

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path

    /// - Parameter sevenBit: the sink does not offer 8BITMIME (and refuses 8-bit data with 554).
    init(directory: String, sevenBit: Bool = false) throws {
        port = try LoopbackPort.free()
        self.directory = directory + "/sink-\(port)"
        server = PythonServerProcess(
            script: Self.script, arguments: [String(port), directory + "/sink-\(port)"] + (sevenBit ? ["--no-8bitmime"] : []), outputPath: directory + "/sink-\(port).out")
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    func start() async throws {
        try await server.start(name: "SMTP sink")
    }

    func stop() async {
        await server.stop()
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
