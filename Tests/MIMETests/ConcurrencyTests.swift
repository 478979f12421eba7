import Foundation
import MIME
import Testing

/// The parser is a value with no shared mutable state except the iconv descriptor pool; parsing the corpus on
/// many threads at once must give the same results as parsing it on one.
@Suite struct ConcurrencyTests {
    @Test func parallelParsesAgree() throws {
        let files = try DifferentialTests.corpusFiles().map { [UInt8](try Data(contentsOf: $0)) }
        let parser = MessageParser()
        let expected = files.map { render(parser.parse($0)) }
        let results = ResultBox(count: files.count * 8)
        DispatchQueue.concurrentPerform(iterations: files.count * 8) { index in
            results.set(index, render(parser.parse(files[index % files.count])))
        }
        for index in 0..<(files.count * 8) {
            #expect(results.get(index) == expected[index % files.count])
        }
    }

    private func render(_ parsed: ParsedMessage) -> String {
        "\(parsed.header.subject ?? "")|\(parsed.text ?? "")|\(parsed.html ?? "")|\(parsed.attachments.map(\.sha256))"
    }

    /// Collects results from concurrent iterations.
    final class ResultBox: @unchecked Sendable {
        // @unchecked: `values` is only accessed with `lock` held.
        private let lock = NSLock()
        private var values: [String]

        init(count: Int) { values = Array(repeating: "", count: count) }

        func set(_ index: Int, _ value: String) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }

        func get(_ index: Int) -> String {
            lock.lock()
            defer { lock.unlock() }
            return values[index]
        }
    }
}
