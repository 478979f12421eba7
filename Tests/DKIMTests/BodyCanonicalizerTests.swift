@testable import DKIM
import Testing

/// RFC 6376 §3.4.3–3.4.5: both body canonicalizations, whole and in every split of the input.
@Suite struct BodyCanonicalizerTests {
    static let simple: [(String, String)] = [
        // RFC 6376 §3.4.5.
        (" C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n"),
        // An empty body is CRLF; a body without a final CRLF gets one; only empty lines at the end go.
        ("", "\r\n"),
        ("\r\n", "\r\n"),
        ("\r\n\r\n\r\n", "\r\n"),
        ("abc", "abc\r\n"),
        ("a\r\n\r\nb\r\n\r\n", "a\r\n\r\nb\r\n"),
        (" \r\n", " \r\n"),
        // A bare CR or LF is content, not a line end.
        ("a\rb\r\n", "a\rb\r\n"),
        ("a\r", "a\r\r\n"),
        ("a\n\r\n", "a\n\r\n"),
    ]

    static let relaxed: [(String, String)] = [
        (" C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n"),
        ("", ""),
        ("\r\n \r\n", ""),
        ("a\rb  \r\n", "a\rb\r\n"),
        ("a\r", "a\r\r\n"),
        ("x \t\r\n\r\n y", "x\r\n\r\n y\r\n"),
    ]

    static func canonicalize(_ text: String, _ algorithm: DKIMCanonicalization, chunk: Int) -> [UInt8] {
        let bytes = Array(text.utf8)
        var canonicalizer = BodyCanonicalizer(algorithm)
        var out: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            canonicalizer.canonicalize(bytes[start..<end], into: &out)
            start = end
        }
        canonicalizer.finish(into: &out)
        return out
    }

    @Test(arguments: simple.indices)
    func simpleBody(index: Int) {
        let (body, expected) = Self.simple[index]
        for chunk in 1...max(1, body.utf8.count) {
            #expect(Self.canonicalize(body, .simple, chunk: chunk) == Array(expected.utf8), "\(body.debugDescription) in chunks of \(chunk)")
        }
    }

    @Test(arguments: relaxed.indices)
    func relaxedBody(index: Int) {
        let (body, expected) = Self.relaxed[index]
        for chunk in 1...max(1, body.utf8.count) {
            #expect(Self.canonicalize(body, .relaxed, chunk: chunk) == Array(expected.utf8), "\(body.debugDescription) in chunks of \(chunk)")
        }
    }

    @Test func simpleHeaderIsTheFieldAsWritten() {
        #expect(SimpleCanonicalizer.header(ArraySlice("B : Y\t\r\n\tZ  ".utf8)) == Array("B : Y\t\r\n\tZ  \r\n".utf8))
    }

    @Test func signatureFieldWithoutItsSignature() {
        let field = "DKIM-Signature: v=1; b=abc\r\n def ; bh=xyz; a=rsa-sha256"
        #expect(SignatureFieldBytes.withoutSignature(ArraySlice(field.utf8)) == Array("DKIM-Signature: v=1; b=; bh=xyz; a=rsa-sha256".utf8))
        let last = "DKIM-Signature: v=1; bh=xyz;\r\n b=abc\r\n def"
        #expect(SignatureFieldBytes.withoutSignature(ArraySlice(last.utf8)) == Array("DKIM-Signature: v=1; bh=xyz;\r\n b=".utf8))
    }
}
