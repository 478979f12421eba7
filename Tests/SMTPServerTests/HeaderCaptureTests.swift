import Testing

@testable import SMTPServer

@Suite struct HeaderCaptureTests {
    /// (message, the header block it should capture)
    static let cases: [(String, String)] = [
        ("A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore\r\n", "A: 1\r\nB: 2\r\n"),
        ("A: 1\nB: 2\n\nbody\n\nmore\n", "A: 1\nB: 2\n"),
        ("A: 1\n\r\nbody\r\n", "A: 1\n"),
        ("Subject: folded\r\n line\r\n\r\n", "Subject: folded\r\n line\r\n"),
        ("A: a\rb\r\n\r\nbody", "A: a\rb\r\n"),
        // No header at all: the message starts with the blank line.
        ("\r\nbody\r\n\r\nmore", ""),
        ("\nbody\n\nmore", ""),
    ]

    static func capture(_ message: [UInt8], splitAt cuts: [Int]) -> HeaderCapture {
        var capture = HeaderCapture()
        var start = 0
        for cut in cuts.sorted() + [message.count] where cut >= start {
            capture.feed(message[start..<cut])
            start = cut
        }
        return capture
    }

    @Test(arguments: cases)
    func wholeMessage(message: String, header: String) {
        let capture = Self.capture(Array(message.utf8), splitAt: [])
        #expect(capture.complete)
        #expect(capture.bytes == Array(header.utf8))
    }

    @Test(arguments: cases)
    func byteByByte(message: String, header: String) {
        let bytes = Array(message.utf8)
        let capture = Self.capture(bytes, splitAt: Array(0..<bytes.count))
        #expect(capture.complete)
        #expect(capture.bytes == Array(header.utf8))
    }

    @Test(arguments: cases)
    func randomSplits(message: String, header: String) {
        let bytes = Array(message.utf8)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        for _ in 0..<300 {
            var cuts: [Int] = []
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                cuts.append(Int((state >> 33) % UInt64(bytes.count + 1)))
            }
            let capture = Self.capture(bytes, splitAt: cuts)
            #expect(capture.complete, "splits \(cuts)")
            #expect(capture.bytes == Array(header.utf8), "splits \(cuts)")
        }
    }

    @Test func incompleteHeaderIsKeptUntilItEnds() {
        var capture = HeaderCapture()
        capture.feed(Array("A: 1\r\nB: 2\r\n".utf8))
        #expect(!capture.complete)
        #expect(capture.bytes == Array("A: 1\r\nB: 2\r\n".utf8))
        capture.feed(Array("\r\nbody".utf8))
        #expect(capture.complete)
        #expect(capture.bytes == Array("A: 1\r\nB: 2\r\n".utf8))
        // Once complete, later chunks change nothing.
        capture.feed(Array("X: late\r\n\r\n".utf8))
        #expect(capture.bytes == Array("A: 1\r\nB: 2\r\n".utf8))
    }

    @Test(arguments: [1, 1000, 65_536, 200_000])
    func headerWithoutEndIsBoundedAt64KiB(chunkSize: Int) {
        let line = Array("X-Long: \(String(repeating: "a", count: 90))\r\n".utf8)
        let message = Array((0..<2000).map { _ in line }.joined())
        var capture = HeaderCapture()
        var start = 0
        while start < message.count {
            let end = min(message.count, start + chunkSize)
            capture.feed(message[start..<end])
            start = end
        }
        #expect(capture.complete)
        #expect(capture.truncated, "the sender check must know it saw only the start")
        #expect(capture.bytes.count == 65_536)
        #expect(capture.bytes == Array(message.prefix(65_536)))
    }

    @Test func aHeaderThatEndsWithinTheBoundIsNotTruncated() {
        var capture = HeaderCapture()
        capture.feed(Array("A: 1\r\n\r\nbody".utf8))
        #expect(capture.complete)
        #expect(!capture.truncated)
    }
}
