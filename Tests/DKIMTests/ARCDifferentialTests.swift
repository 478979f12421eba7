import DKIM
import Foundation
import MIME
import Testing

/// ARC chains (RFC 8617) made by dkimpy's arc_sign, one hop after another, broken in each part: our chain verdict
/// must be the one the case names and pass exactly where dkimpy's arc_verify passes (`arc_differential.py`).
@Suite struct ARCDifferentialTests {
    struct Key: Encodable {
        var pem: String
        var txt: String
    }

    struct Input: Encodable {
        var key: Key
    }

    struct Case: Decodable {
        var name: String
        var message: String
        var expected: String
        var dkimpy: String?
        var log: String
    }

    struct Output: Decodable {
        var zone: [String: String]
        var cases: [Case]
    }

    @Test func chainVerdictsMatchDkimpy() async throws {
        let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: .rsaSHA256)
        let output = try await DifferentialScript.run("arc_differential.py", input: Input(key: Key(pem: pem, txt: txt)), as: Output.self)
        let zone = InMemoryKeyZone(scriptZone: output.zone)
        #expect(output.cases.count >= 16)
        for testCase in output.cases {
            let message = Base64.decode(Array(testCase.message.utf8))
            var verification = DKIMVerification(verifiesARC: true)
            verification.append(message)
            let arc = try #require(await verification.authenticate(keys: zone, now: Date()).arc)
            #expect(arc.verdict.rawValue == testCase.expected, "\(testCase.name): \(arc)")
            #expect((arc.verdict == .pass) == (testCase.dkimpy == "pass"), "\(testCase.name): ours \(arc), dkimpy \(testCase.dkimpy ?? "nil")\n\(testCase.log)")
            #expect((arc.verdict == .none) == (testCase.dkimpy == "none"), "\(testCase.name)")
            // Streamed in chunks, the same chain verdict.
            var streamed = DKIMVerification(verifiesARC: true)
            var start = 0
            while start < message.count {
                streamed.append(message[start..<min(message.count, start + 13)])
                start += 13
            }
            #expect(await streamed.authenticate(keys: zone, now: Date()).arc == arc, "\(testCase.name) streamed")
        }
    }
}
