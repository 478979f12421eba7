@testable import MIME
import Testing

@Suite struct BodyEncodingTests {
    @Test(arguments: [
        ("plain ascii\nsecond line", EncodedBody.TransferEncoding.sevenBit),
        ("", .sevenBit),
        (String(repeating: "a", count: 998), .sevenBit),
        (String(repeating: "a", count: 999), .quotedPrintable),
        ("nul \u{0} inside", .quotedPrintable),
        ("Grüße, mostly ASCII text with one umlaut", .quotedPrintable),
        ("Привет, мир! Это текст на русском языке.", .base64),
        ("日本語のテキスト", .base64),
    ])
    func choosesTheSmallestSafeEncoding(text: String, expected: EncodedBody.TransferEncoding) {
        let body = EncodedBody.text(text)
        #expect(body.encoding == expected)
        let normalized = EncodedBody.normalizedLines(Array(text.utf8))
        if expected != .sevenBit {
            let qp = QuotedPrintableEncoder.encode(normalized).count
            let b64 = EncodedBody.base64Length(normalized.count)
            #expect(body.bytes.count == min(qp, b64))
        }
        #expect(MessageBuilder.lineProblems(body.bytes).filter { $0 != "no final CRLF" }.isEmpty)
        #expect(body.bytes.withUnsafeBufferPointer { TransferDecoder.decode($0, encoding: body.encoding.rawValue) } == normalized)
    }

    @Test(arguments: [
        ("a\nb", "a\r\nb\r\n"), ("a\r\nb\r\n", "a\r\nb\r\n"), ("a\rb", "a\r\nb\r\n"), ("a\n\rb", "a\r\n\r\nb\r\n"),
        ("a\r\r\nb", "a\r\n\r\nb\r\n"), ("", ""), ("\n", "\r\n"),
    ])
    func lineEndingsBecomeCRLF(text: String, expected: String) {
        #expect(EncodedBody.normalizedLines(Array(text.utf8)) == Array(expected.utf8))
    }

    @Test(arguments: [
        "trailing space \nand tab\t\nend", "=equals= everywhere=", String(repeating: "x", count: 300),
        String(repeating: "é", count: 100), "line\n" + String(repeating: " ", count: 80) + "\nafter",
        String(repeating: "a", count: 75) + "=", String(repeating: "a", count: 74) + " ", "\u{1}\u{7F}\u{80}",
    ])
    func quotedPrintableRoundTripsAndKeepsLinesShort(text: String) {
        let normalized = EncodedBody.normalizedLines(Array(text.utf8))
        let encoded = QuotedPrintableEncoder.encode(normalized)
        for line in MessageBuilder.lines(encoded) {
            #expect(line.count <= 76, "\(String(decoding: line, as: UTF8.self))")
            #expect(line.last != 0x20 && line.last != 0x09)
        }
        #expect(QuotedPrintable.decode(encoded) == normalized)
    }

    @Test func attachmentsAreBase64In76CharacterLines() {
        var generator = SplitMix64(seed: 0xB64)
        for count in [0, 1, 2, 3, 56, 57, 58, 1000, 4099] {
            let data = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let body = EncodedBody.binary(data)
            #expect(body.encoding == .base64)
            let lines = MessageBuilder.lines(body.bytes)
            #expect(lines.dropLast().allSatisfy { $0.count == 76 })
            #expect(lines.allSatisfy { $0.count <= 76 })
            #expect(Base64.decode(body.bytes) == data)
            #expect(body.bytes.count == (count == 0 ? 0 : EncodedBody.base64Length(count)))
        }
    }
}
