import Foundation
import MailgateTestSupport

/// Runs `dkim_verify.py` (dkimpy) over messages written to a temporary directory.
struct DkimpyVerifier {
    struct Case: Encodable {
        var file: String
        var name: String
        var txt: String
    }

    struct Result: Decodable {
        var file: String
        var valid: Bool
        var log: String
    }

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// One verdict per message, in order.
    func verify(_ messages: [(bytes: [UInt8], name: String, txt: String)]) async throws -> [Result] {
        var cases: [Case] = []
        for (index, message) in messages.enumerated() {
            let path = directory.path + "/\(index).eml"
            try Data(message.bytes).write(to: URL(fileURLWithPath: path))
            cases.append(Case(file: path, name: message.name, txt: message.txt))
        }
        let casesPath = directory.path + "/cases.json"
        try JSONEncoder().encode(cases).write(to: URL(fileURLWithPath: casesPath))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("dkim_verify.py").path
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        let run = try await ExternalTool.run(python, [script, casesPath])
        guard run.status == 0 else { throw VerificationError(output: run.output) }
        return try JSONDecoder().decode([Result].self, from: Data(run.output.utf8))
    }

    struct VerificationError: Error, CustomStringConvertible {
        var output: String
        var description: String { "dkim_verify.py failed (is dkimpy installed? Scripts/setup --test): \(output)" }
    }
}
