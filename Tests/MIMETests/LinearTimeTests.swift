import Foundation
@testable import MIME
import Testing

/// Pathological inputs must parse in time linear in their size. Each test parses an input of size N and 4N and
/// checks (a) a generous absolute bound, far below what a quadratic path would need (10^12 steps for 1 MiB),
/// and (b) that 4× the input costs under 12× the time, short of 16×, the quadratic ratio. Bounds are loose on purpose:
/// other builds share this machine.
@Suite(.serialized) struct LinearTimeTests {
    static let unlimited = MIMELimits(maxParts: 1 << 30, maxDepth: 1 << 30, maxHeaderCount: 1 << 30, maxHeaderBytes: 1 << 30)

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Parses `make(n)` and `make(4n)`; returns both messages' results for further checks.
    static func checkLinear(_ name: String, n: Int, limits: MIMELimits = unlimited, make: (Int) -> [UInt8]) {
        let small = make(n)
        let large = make(4 * n)
        let parser = MessageParser(limits: limits)
        _ = parser.parse(small)  // warm-up: iconv modules, allocator
        // Best of five, the two sizes interleaved: a busy machine can only make a run slower, never faster, and
        // interleaving spreads a burst of load (the rest of the suite runs beside this) over both sizes.
        var smallTime = Double.infinity
        var largeTime = Double.infinity
        for _ in 0..<5 {
            smallTime = min(smallTime, seconds { _ = parser.parse(small) })
            largeTime = min(largeTime, seconds { _ = parser.parse(large) })
        }
        #expect(largeTime < 30, "\(name): \(large.count) bytes took \(largeTime) s")
        // Quadratic is 16x; linear is 4x, and up to 10x has been seen with the whole suite on two cores.
        #expect(largeTime < 12 * smallTime + 0.5, "\(name): 4x input took \(largeTime / max(smallTime, 1e-9))x time (\(smallTime) s → \(largeTime) s)")
    }

    static func message(_ headers: String, body: String = "body\n") -> [UInt8] {
        Array((headers + "\n\n" + body).utf8)
    }

    @Test func megabyteOfSemicolonsInStructuredHeaders() {
        for field in ["Content-Type: text/plain", "Content-Disposition: attachment", "To: a@b.example", "Date: ", "References: ", "Subject: "] {
            Self.checkLinear(field, n: 1 << 18) { n in Self.message("From: x@y.example\n" + field + String(repeating: ";", count: n)) }
        }
        // And the full 1 MiB with default limits (header_size is 1 MiB: truncated, still fast).
        let parsed = MessageParser().parse(Self.message("Content-Type: text/plain" + String(repeating: ";", count: 1 << 20)))
        #expect(parsed.text == "body\n")
    }

    @Test func otherPathologicalHeaders() {
        let patterns = ["=?", "=?a?q?", "(", "<", "\"", "\\", "a*0*=", "filename*", "@", ":", ",", "=?utf-8?q?a?= "]
        for pattern in patterns {
            Self.checkLinear(pattern, n: 1 << 14) { n in
                let filler = String(repeating: pattern, count: n / pattern.utf8.count)
                return Self.message("From: \(filler)\nTo: \(filler)\nSubject: \(filler)\nContent-Type: multipart/mixed; \(filler)\nContent-Disposition: attachment; \(filler)")
            }
        }
    }

    @Test func foldedHeaderOfManyLines() {
        Self.checkLinear("folding", n: 1 << 16) { n in Self.message("Subject: a" + String(repeating: "\n b", count: n)) }
        Self.checkLinear("many fields", n: 1 << 15) { n in Self.message(String(repeating: "X-A: b\n", count: n)) }
    }

    @Test func hundredThousandNestedBoundaries() {
        func nested(_ depth: Int) -> [UInt8] {
            var text = "From: deep@example.com\nSubject: deep\n"
            for level in 0..<depth { text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n" }
            text += "Content-Type: text/plain\n\ninnermost\n"
            for level in (0..<depth).reversed() { text += "--b\(level)--\n" }
            return Array(text.utf8)
        }
        Self.checkLinear("nested, unlimited", n: 10_000, make: nested)
        Self.checkLinear("nested, default limits", n: 10_000, limits: .default, make: nested)

        var unlimited: ParsedMessage?
        let time = Self.seconds { unlimited = MessageParser(limits: Self.unlimited).parse(nested(100_000)) }
        #expect(time < 30, "100,000 nested multiparts took \(time) s")
        guard let unlimited else { return }
        #expect(unlimited.text == "innermost")
        #expect(!unlimited.isTruncated)
        let limited = MessageParser().parse(nested(100_000))
        #expect(limited.truncations == [.nestingDepth])
        #expect(limited.parts.count == MIMELimits.default.maxDepth + 1)
    }

    @Test func sameBoundaryNestedAndManyDelimiters() {
        Self.checkLinear("same boundary", n: 10_000) { n in
            var text = "Subject: x\n"
            for _ in 0..<n { text += "Content-Type: multipart/mixed; boundary=b\n\n--b\n" }
            return Array(text.utf8)
        }
        Self.checkLinear("many parts", n: 10_000) { n in
            Array(("Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n\nx\n", count: n) + "--b--\n").utf8)
        }
        Self.checkLinear("boundary lookalikes", n: 25_000) { n in
            let boundary = String(repeating: "q", count: 60)
            return Array(("Content-Type: multipart/mixed; boundary=\(boundary)\n\n--\(boundary)\n\n" + String(repeating: "--\(boundary.dropLast())\n", count: n)).utf8)
        }
    }

    @Test func tenThousandEncodedWords() {
        Self.checkLinear("encoded words", n: 10_000) { n in
            Self.message("Subject: " + String(repeating: "=?utf-8?q?caf=C3=A9?= ", count: n) + "\nFrom: " + String(repeating: "=?utf-8?b?w6k=?= ", count: n) + "<a@b.example>")
        }
        Self.checkLinear("alternating charsets", n: 10_000) { n in
            Self.message("Subject: " + String(repeating: "=?utf-8?q?a?= =?iso-8859-1?q?=E9?= ", count: n / 2))
        }
        let parsed = MessageParser().parse(Self.message("Subject: " + String(repeating: "=?utf-8?q?caf=C3=A9?= ", count: 10_000)))
        #expect(parsed.header.subject == String(repeating: "café", count: 10_000))
    }

    @Test func bodyPathologies() {
        Self.checkLinear("quoted reply lines", n: 1 << 16) { n in Self.message("Subject: x", body: String(repeating: "> quoted\n\n", count: n)) }
        Self.checkLinear("qp equals", n: 1 << 18) { n in
            Self.message("Content-Transfer-Encoding: quoted-printable", body: String(repeating: "=", count: n))
        }
        Self.checkLinear("cid", n: 1 << 18) { n in Self.message("Content-Type: text/html", body: String(repeating: "cid:", count: n / 4)) }
    }
}
