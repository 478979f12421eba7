import Foundation
import MailgateTestSupport
@testable import MIME
import Testing

/// 8-bit messages re-encoded for an upstream without 8BITMIME: table tests of what changes, and a property
/// test that our parser and Python's `email` read the same text and attachments before and after.
@Suite struct SevenBitDowngraderTests {
    static let plain = "From: a@example.com\r\nSubject: Hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln.\r\n"

    static func downgraded(_ text: String) -> String? {
        guard case .downgraded(let bytes) = SevenBitDowngrader.downgrade(Array(text.utf8)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aSevenBitMessageIsUnchanged() {
        #expect(SevenBitDowngrader.downgrade(Array("Subject: x\r\n\r\nplain ascii\r\n".utf8)) == .unchanged)
    }

    @Test func anEightBitTextBodyBecomesQuotedPrintable() throws {
        let text = try #require(Self.downgraded(Self.plain))
        #expect(text == "From: a@example.com\r\nSubject: Hi\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe aus K=C3=B6ln.\r\n")
    }

    @Test func aMultipartKeepsItsStructureAndOnlyEightBitPartsChange() throws {
        let message = """
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            preamble é\r
            --b1\r
            Content-Type: text/plain; charset=us-ascii\r
            \r
            ascii part\r
            --b1\r
            Content-Type: application/octet-stream\r
            Content-Transfer-Encoding: binary\r
            \r
            bytes ÿ\r
            --b1--\r
            epilogue\r

            """
        let text = try #require(Self.downgraded(message))
        #expect(text.contains("preamble ??\r\n--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nascii part\r\n--b1\r\n"))
        #expect(text.contains("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nYnl0ZXMgw78=\r\n\r\n--b1--\r\nepilogue\r\n"))
        #expect(!text.contains("binary"))
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test(arguments: [
        ("Subject: Grüße\r\n\r\nbody\r\n", "header"),
        ("Content-Transfer-Encoding: base64\r\n\r\nw6k=\r\n\u{e9}\r\n", "declared base64"),
    ])
    func eightBitWhereNoEncodingReachesIsRefused(message: String, why: String) {
        guard case .refused = SevenBitDowngrader.downgrade(Array(message.utf8)) else {
            Issue.record("not refused: \(why)")
            return
        }
    }

    /// Random 8-bit multipart messages: the downgraded bytes are 7-bit, and both parsers read the same text
    /// and the same attachment bytes before and after.
    @Test func ourParserAndPythonReadTheSameContentBeforeAndAfter() async throws {
        var generator = SplitMix64(seed: 12)
        let words = ["Grüße", "naïve", "日本語", "plain", "€uro", "=", "line", "ÿ", "tab\tbed"]
        var cases: [[String: String]] = []
        for index in 0..<40 {
            func sentence() -> String {
                (0..<Int(generator.next() % 30 + 1)).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
            }
            let body = (0..<Int(generator.next() % 4 + 1)).map { _ in sentence() }.joined(separator: "\r\n")
            let blob = (0..<Int(generator.next() % 300)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                .filter { $0 != 0x0A && $0 != 0x0D }
            let message = Array("""
                From: a@example.com\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="=_b\(index)"\r
                \r
                --=_b\(index)\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                \(body)\r
                --=_b\(index)\r
                Content-Type: application/octet-stream; name=x.bin\r
                Content-Disposition: attachment; filename=x.bin\r
                Content-Transfer-Encoding: 8bit\r
                \r

                """.utf8) + blob + Array("\r\n--=_b\(index)--\r\n".utf8)
            guard case .downgraded(let after) = SevenBitDowngrader.downgrade(message) else {
                Issue.record("case \(index) not downgraded")
                continue
            }
            #expect(after.allSatisfy { $0 < 0x80 }, "case \(index) still 8-bit")
            let parser = MessageParser()
            let (ours, oursAfter) = (parser.parse(message), parser.parse(after))
            #expect(ours.text == oursAfter.text, "case \(index): our parser reads different text")
            #expect(ours.attachments.map(\.content) == oursAfter.attachments.map(\.content), "case \(index): attachment differs")
            cases.append(["before": Data(message).base64EncodedString(), "after": Data(after).base64EncodedString()])
        }
        let script = """
            import base64, email, email.policy, json, sys
            def read(raw):
                message = email.message_from_bytes(base64.b64decode(raw), policy=email.policy.default)
                return [message.get_body(("plain",)).get_content().replace("\\r\\n", "\\n"),
                        [base64.b64encode(part.get_content()).decode() for part in message.iter_attachments()]]
            cases = json.load(sys.stdin)
            print(json.dumps([i for i, case in enumerate(cases) if read(case["before"]) != read(case["after"])]))
            """
        let input = String(decoding: try JSONSerialization.data(withJSONObject: cases), as: UTF8.self)
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        let result = try await ExternalTool.run(python, ["-c", script], stdin: input)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "Python reads differently: \(result.output)")
    }
}
