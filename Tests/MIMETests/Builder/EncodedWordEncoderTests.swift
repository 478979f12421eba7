@testable import MIME
import Testing

@Suite struct EncodedWordEncoderTests {
    static let samples = [
        "café", "Grüße aus Köln", "Привет, мир", "日本語のテキストです。日本語のテキストです。日本語のテキストです。",
        "👩‍👩‍👧‍👦 family 🇫🇷 flag", String(repeating: "é", count: 200), String(repeating: "x", count: 300),
        "e" + String(repeating: "\u{301}", count: 40), "a_b=c?d", "=?utf-8?q?not-a-word?=", "tab\there", " lead and trail ",
    ]

    @Test(arguments: EncodedWordEncoderTests.samples)
    func wordsDecodeBackAndRespectTheLimits(text: String) {
        let words = EncodedWordEncoder.encode(text)
        #expect(!words.isEmpty)
        for word in words {
            #expect(word.utf8.count <= 75, "\(word)")
            #expect(word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
            // Each word alone is valid UTF-8: no sequence was cut.
            let decoded = EncodedWordDecoder.decode(word)
            #expect(decoded != word, "\(word)")
            #expect(!decoded.contains("\u{FFFD}"), "\(word)")
        }
        #expect(EncodedWordDecoder.decode(words.joined(separator: " ")) == text)
    }

    @Test(arguments: EncodedWordEncoderTests.samples)
    func graphemeClustersAreNotSplitWhenTheyFit(text: String) {
        let pieces = EncodedWordEncoder.encode(text).map { EncodedWordDecoder.decode($0) }
        let hasOversizedCluster = text.contains { $0.utf8.count > 45 }
        for index in pieces.indices.dropLast() {
            let joined = pieces[index] + pieces[index + 1]
            let clusterSplit = joined.count != pieces[index].count + pieces[index + 1].count
            #expect(!clusterSplit || hasOversizedCluster, "cluster split between \(pieces[index]) and \(pieces[index + 1])")
        }
    }

    @Test(arguments: [
        ("mostly ascii with one é", "q"),
        ("Привет, мир", "b"),
        ("日本語", "b"),
        ("a b c", "q"),
    ])
    func choosesTheShorterEncoding(text: String, encoding: String) {
        let words = EncodedWordEncoder.encode(text)
        #expect(words.allSatisfy { $0.hasPrefix("=?utf-8?\(encoding)?") })
        let bytes = Array(text.utf8)
        let q = EncodedWordEncoder.qLength(bytes), b = EncodedWordEncoder.bLength(bytes.count)
        #expect((encoding == "q") == (q <= b))
    }
}
