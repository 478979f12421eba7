import Foundation
import MIME
import MailModel
import MailgateTestSupport
import Testing

/// The inbound JSON of every corpus message validates against the published JSON Schema (checked with Python's
/// jsonschema, draft 2020-12).
@Suite struct SchemaTests {
    @Test func corpusDocumentsMatchSchema() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mime-schema-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var documents: [String] = []
        for (offset, file) in try DifferentialTests.corpusFiles().enumerated() {
            let bytes = [UInt8](try Data(contentsOf: file))
            let options = InboundRenderOptions(inlineAttachmentLimit: offset.isMultiple(of: 2) ? 100 : 1 << 20, attachmentBaseURL: "https://gw.example/attachments/", includeRaw: offset.isMultiple(of: 3))
            let envelope = offset.isMultiple(of: 2) ? nil : Envelope(mailFrom: "", rcptTo: ["a@example.org"], helo: "h", remoteIP: "127.0.0.1", tls: TLSParameters(version: "TLSv1.3", cipher: "X"), authUser: nil, size: bytes.count, receivedAt: Date(timeIntervalSince1970: 1_678_782_420))
            let message = InboundMessage(MessageParser().parse(bytes), rawMessage: bytes, options: options, id: "m\(offset)", receivedAt: "2023-03-14T08:27:00Z", envelope: envelope)
            let path = directory.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".json")
            try InboundJSONEncoder().encode(message).write(to: path)
            documents.append(path.path)
        }
        let schema = DifferentialTests.testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OpenAPI/openapi.yaml")
        // Off the cooperative pool (ExternalTool): a blocked pool thread stalls the servers of other suites.
        let result = try await ExternalTool.run(
            ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3",
            [DifferentialTests.testsDirectory.appendingPathComponent("validate_schema.py").path, schema.path] + documents)
        #expect(result.status == 0, "schema validation failed (needs pip packages jsonschema and PyYAML):\n\(result.output)")
    }
}
