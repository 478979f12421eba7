@testable import MIME
import Testing

@Suite struct TransferEncodingTests {
    @Test(arguments: [
        ("abc", "abc"),
        ("caf=C3=A9", "café"),
        ("caf=c3=a9", "café"),
        ("soft=\nbreak", "softbreak"),
        ("soft=\r\nbreak", "softbreak"),
        ("soft= \t\r\nbreak", "softbreak"),
        ("keep =\nspace", "keep space"),
        ("trailing   \nblanks\t\r\n", "trailing\nblanks\r\n"),
        ("encoded=20\n", "encoded \n"),
        ("a = b", "a = b"),
        ("bad =ZZ escape", "bad =ZZ escape"),
        ("half =4", "half =4"),
        ("end=", "end"),
        ("=3D=3d", "=="),
        ("under_score", "under_score"),
        ("x=\r", "x"),
    ])
    func quotedPrintable(input: String, expected: String) {
        #expect(String(decoding: QuotedPrintable.decode(Array(input.utf8)), as: UTF8.self) == expected)
    }

    @Test func qEncodingUnderscore() {
        #expect(QuotedPrintable.decodeQ(Array("a_b=5F".utf8)) == Array("a b_".utf8))
    }

    @Test(arguments: [
        ("", ""),
        ("YQ==", "a"),
        ("YWI=", "ab"),
        ("YWJj", "abc"),
        ("YW\r\nJj\n", "abc"),
        (" Y W J j ", "abc"),
        ("YQ", "a"),
        ("YWI", "ab"),
        ("Y", ""),
        ("YWJj!!##ZGVm", "abcdef"),
        ("YQ==YQ==", "aa"),
        ("aGVsbG8gd29ybGQ=\n", "hello world"),
        ("-_-_", "\u{FB}\u{FF}\u{BF}"),
    ])
    func base64(input: String, expected: String) {
        let expectedBytes: [UInt8] = expected.unicodeScalars.allSatisfy { $0.value < 0x100 } ? expected.unicodeScalars.map { UInt8($0.value) } : Array(expected.utf8)
        #expect(Base64.decode(Array(input.utf8)) == expectedBytes, "\(input)")
    }

    @Test func base64RoundTrip() {
        var generator = SplitMix64(seed: 7)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Array(Base64.encode(bytes).utf8)) == bytes)
        }
        #expect(Base64.encode(Array("hello world".utf8)) == "aGVsbG8gd29ybGQ=")
    }
}
