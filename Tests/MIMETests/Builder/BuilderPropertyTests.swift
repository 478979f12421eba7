import Foundation
import MailgateTestSupport
@testable import MIME
import Testing

/// Seeded random drafts, hostile ones included, built and read back by our parser and by Python's `email`
/// package: both must see exactly what the draft said, and nothing more.
@Suite struct BuilderPropertyTests {
    static let seeds: [UInt64] = Array(1...400)

    struct Built {
        var seed: UInt64
        var bytes: [UInt8]
        var expectation: BuilderExpectation
    }

    /// The valid drafts of the seeds, built; hostile ones are checked for the refusal on the way.
    static func buildAll() -> [Built] {
        var built: [Built] = []
        for seed in seeds {
            var generator = RandomDraftGenerator(seed: seed)
            let hostile = seed % 4 == 0
            let (draft, planted) = generator.draft(hostile: hostile)
            do {
                let bytes = try MessageBuilder().build(draft, seed: seed)
                if let planted { Issue.record("seed \(seed): control character in \(planted) accepted") }
                built.append(Built(seed: seed, bytes: bytes, expectation: BuilderExpectation(draft)))
            } catch {
                if let planted {
                    #expect(error.field == planted, "seed \(seed): \(error)")
                } else {
                    Issue.record("seed \(seed): refused \(error)")
                }
            }
        }
        return built
    }

    @Test func ourParserReadsBackTheDraft() throws {
        let built = Self.buildAll()
        #expect(built.count > 250)
        for message in built {
            let expected = message.expectation
            let seed = message.seed
            #expect(MessageBuilder.lineProblems(message.bytes).isEmpty, "seed \(seed): \(MessageBuilder.lineProblems(message.bytes))")
            #expect(MessageBuilder.foldableLongHeaderLines(message.bytes).isEmpty, "seed \(seed): \(MessageBuilder.foldableLongHeaderLines(message.bytes))")
            let parsed = MessageParser().parse(message.bytes)
            #expect(parsed.defects.isEmpty, "seed \(seed): \(parsed.defects)")
            func addresses(_ list: [MailAddress]) -> [BuilderExpectation.Address] {
                list.map { BuilderExpectation.Address(name: $0.name, address: $0.address) }
            }
            #expect(addresses(parsed.header.from) == expected.from, "seed \(seed)")
            #expect(parsed.header.sender.map { BuilderExpectation.Address(name: $0.name, address: $0.address) } == expected.sender, "seed \(seed)")
            #expect(addresses(parsed.header.to) == expected.to, "seed \(seed)")
            #expect(addresses(parsed.header.cc) == expected.cc, "seed \(seed)")
            #expect(addresses(parsed.header.replyTo) == expected.replyTo, "seed \(seed)")
            #expect(parsed.header.bcc.isEmpty)
            #expect(parsed.header.subject == expected.subject, "seed \(seed)")
            #expect(parsed.header.messageID == expected.messageID, "seed \(seed)")
            #expect(parsed.header.date?.iso8601 == expected.date, "seed \(seed)")
            #expect(parsed.text == expected.text, "seed \(seed)")
            #expect(parsed.html == expected.html, "seed \(seed)")
            let attachments = parsed.attachments.map {
                BuilderExpectation.Attachment(filename: $0.filename ?? "", contentType: $0.contentType, sha256: $0.sha256, contentID: $0.contentID)
            }
            #expect(attachments == expected.attachments, "seed \(seed)")
            for header in expected.headers {
                #expect(parsed.header.fields.filter { $0.name == header.name }.map(\.value) == [header.value], "seed \(seed) \(header.name)")
            }
            #expect(parsed.header.fields.map { $0.name.lowercased() }.sorted() == expected.headerNames, "seed \(seed)")
        }
    }

    @Test func pythonEmailReadsBackTheDraft() async throws {
        let built = Self.buildAll()
        let directory = try TemporaryDirectory()
        var cases: [BuilderExpectationFile] = []
        for message in built {
            let path = directory.path + "/\(message.seed).eml"
            try Data(message.bytes).write(to: URL(fileURLWithPath: path))
            cases.append(BuilderExpectationFile(file: path, expected: message.expectation))
        }
        let json = try JSONEncoder().encode(cases)
        let casesPath = directory.path + "/cases.json"
        try json.write(to: URL(fileURLWithPath: casesPath))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("builder_reference.py").path
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        let result = try await ExternalTool.run(python, [script, casesPath])
        try #require(result.status == 0, "builder_reference.py: \(result.output)")
        struct Report: Decodable {
            var checked: Int
            var failures: [String]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
        #expect(report.checked == built.count)
        #expect(report.failures.isEmpty, "\(report.failures.count) failures:\n\(report.failures.prefix(40).joined(separator: "\n"))")
    }
}
