import Foundation
import MailgateTestSupport
import Testing

/// Runs one of the Python scripts beside the tests (dkimpy as the reference) on a JSON input and decodes its JSON
/// output.
enum DifferentialScript {
    static func run<Input: Encodable, Output: Decodable>(_ script: String, input: Input, as output: Output.Type) async throws -> Output {
        let directory = try TemporaryDirectory()
        let inputPath = directory.path + "/input.json"
        try JSONEncoder().encode(input).write(to: URL(fileURLWithPath: inputPath))
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(script).path
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        let run = try await ExternalTool.run(python, [path, inputPath], timeout: .seconds(600))
        try #require(run.status == 0, "\(script) failed (are dkimpy, cryptography and authres installed? Scripts/setup --test): \(run.output)")
        return try JSONDecoder().decode(Output.self, from: Data(run.output.utf8))
    }
}
