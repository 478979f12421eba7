import NIOCore
import Testing

@testable import SMTPProtocol

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

struct SMTPDataDecoderTests {
    struct Smuggling: CustomTestStringConvertible, Sendable {
        let name: String
        let sequence: String
        var testDescription: String { self.name }
    }

    /// Each fake terminator is followed by a second transaction; only the real CRLF.CRLF may end the body.
    static let smuggling: [Smuggling] = [
        Smuggling(name: "LF.LF", sequence: "\n.\n"),
        Smuggling(name: "LF.CRLF", sequence: "\n.\r\n"),
        Smuggling(name: "CR.CRLF", sequence: "\r.\r\n"),
        Smuggling(name: "CRLF.CR", sequence: "\r\n.\r"),
        Smuggling(name: "CRLF.LF", sequence: "\r\n.\n"),
        Smuggling(name: "CR.CR", sequence: "\r.\r"),
        Smuggling(name: "LF.CR", sequence: "\n.\r"),
        Smuggling(name: "CRLF NUL . CRLF", sequence: "\r\n\u{0}.\r\n"),
        Smuggling(name: "CRLF . NUL CRLF", sequence: "\r\n.\u{0}\r\n"),
        Smuggling(name: "CRLF . CR NUL LF", sequence: "\r\n.\r\u{0}\n"),
        Smuggling(name: "CR CRLF . CR CRLF", sequence: "\r\r\n.\r\r\n"),
        Smuggling(name: "LF CR . CRLF", sequence: "\n\r.\r\n"),
        Smuggling(name: "CRLF . space CRLF", sequence: "\r\n. \r\n"),
    ]

    static let smuggled = "MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nForged\r\n"

    private static func body(_ sequence: String) -> [UInt8] {
        bytes("Subject: hi\r\n\r\nhello" + sequence + smuggled + "\r\n.\r\nQUIT\r\n")
    }

    @Test(arguments: smuggling)
    func smugglingNeverEndsTheMessageEarly(_ variant: Smuggling) {
        let input = Self.body(variant.sequence)
        var reference: BodyDecoderHarness.Outcome?
        for pieces in BodyDecoderHarness.splits(of: input) {
            var decoder = SMTPDataDecoder()
            let outcome = BodyDecoderHarness.run(&decoder, pieces: pieces)
            #expect(outcome.ends == 1)
            #expect(outcome.failures.isEmpty)
            #expect(outcome.remaining == bytes("QUIT\r\n"))
            let text = String(decoding: outcome.message, as: UTF8.self)
            #expect(text.hasPrefix("Subject: hi\r\n\r\nhello"))
            #expect(text.hasSuffix("Forged\r\n\r\n"))
            #expect(text.contains("MAIL FROM:<evil@attacker.example>\r\n"))
            #expect(Self.hasOnlyCRLFLineEndings(outcome.message), "\(outcome.message)")
            if let reference {
                #expect(outcome.message == reference.message, "split \(pieces.map(\.count))")
            } else {
                reference = outcome
            }
        }
    }

    @Test(arguments: smuggling)
    func rejectModeRefusesBareLineEndingsAndStillFindsTheRealEnd(_ variant: Smuggling) {
        let containsBare = Self.hasBareLineEnding(bytes(variant.sequence))
        for pieces in [[Self.body(variant.sequence)], Self.body(variant.sequence).map { [$0] }] {
            var decoder = SMTPDataDecoder(bareLineEndingPolicy: .reject)
            let outcome = BodyDecoderHarness.run(&decoder, pieces: pieces)
            #expect(outcome.ends == 1)
            #expect(outcome.remaining == bytes("QUIT\r\n"))
            #expect(outcome.failures == (containsBare ? [.bareLineEnding] : []))
        }
    }

    struct Exact: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let message: String
        let remaining: String
        var testDescription: String { self.name }
    }

    static let exact: [Exact] = [
        Exact(name: "empty message", input: ".\r\nQUIT\r\n", message: "", remaining: "QUIT\r\n"),
        Exact(name: "one empty line", input: "\r\n.\r\n", message: "\r\n", remaining: ""),
        Exact(name: "simple", input: "a\r\nb\r\n.\r\n", message: "a\r\nb\r\n", remaining: ""),
        Exact(name: "dot-stuffed", input: "..x\r\n...\r\n..\r\n.\r\n", message: ".x\r\n..\r\n.\r\n", remaining: ""),
        Exact(name: "dot mid-line untouched", input: "a.b\r\n a\r\n.\r\n", message: "a.b\r\n a\r\n", remaining: ""),
        Exact(name: "bare LF normalised", input: "a\nb\r\n.\r\n", message: "a\r\nb\r\n", remaining: ""),
        Exact(name: "bare CR normalised", input: "a\rb\r\n.\r\n", message: "a\r\nb\r\n", remaining: ""),
        Exact(name: "LF.LF becomes empty line", input: "a\n.\nb\r\n.\r\n", message: "a\r\n\r\nb\r\n", remaining: ""),
        Exact(name: "CRLF.LF becomes empty line", input: "a\r\n.\nb\r\n.\r\n", message: "a\r\n\r\nb\r\n", remaining: ""),
        Exact(name: "CRLF.CR then CRLF ends after the real CRLF", input: "a\r\n.\r\r\n.\r\nX", message: "a\r\n\r\n\r\n", remaining: "X"),
        Exact(name: "NUL kept", input: "a\u{0}b\r\n.\r\n", message: "a\u{0}b\r\n", remaining: ""),
        Exact(name: "pipelined commands after end", input: "x\r\n.\r\nMAIL FROM:<>\r\n", message: "x\r\n", remaining: "MAIL FROM:<>\r\n"),
        Exact(name: "no end yet", input: "x\r\n.", message: "x\r\n", remaining: ""),
    ]

    @Test(arguments: exact)
    func decodesExactly(_ c: Exact) {
        for pieces in BodyDecoderHarness.splits(of: bytes(c.input)) {
            var decoder = SMTPDataDecoder()
            let outcome = BodyDecoderHarness.run(&decoder, pieces: pieces)
            #expect(String(decoding: outcome.message, as: UTF8.self) == c.message, "split \(pieces.map(\.count))")
            #expect(String(decoding: outcome.remaining, as: UTF8.self) == c.remaining)
            #expect(outcome.ends == (c.name == "no end yet" ? 0 : 1))
        }
    }

    @Test func lineOfExactlyTheLimitIsAcceptedOneMoreIsRefused() {
        let ok = String(repeating: "a", count: 998) + "\r\n.\r\n"
        var decoder = SMTPDataDecoder()
        var outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes(ok)])
        #expect(outcome.failures.isEmpty)
        #expect(outcome.message.count == 1000)

        let long = String(repeating: "a", count: 999) + "\r\nnext\r\n.\r\nQUIT\r\n"
        decoder = SMTPDataDecoder()
        outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes(long)])
        #expect(outcome.failures == [.lineTooLong(limit: 1000)])
        #expect(outcome.ends == 1)
        #expect(outcome.remaining == bytes("QUIT\r\n"))
        #expect(outcome.failures.first?.reply.code == 554)
    }

    @Test func stuffedDotCountsTowardsTheLineLimit() {
        let line = "." + String(repeating: "a", count: 998) + "\r\n.\r\n"
        var decoder = SMTPDataDecoder()
        let outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes(line)])
        #expect(outcome.failures == [.lineTooLong(limit: 1000)])
    }

    @Test func configurableLineLimit() {
        var decoder = SMTPDataDecoder(limits: .init(maximumLineLength: 10))
        let outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes("12345678\r\n123456789\r\n.\r\n")])
        #expect(outcome.failures == [.lineTooLong(limit: 10)])
        #expect(outcome.ends == 1)
    }

    @Test func sizeLimitIsExactAndReadsToTheEnd() {
        var decoder = SMTPDataDecoder(limits: .init(maximumMessageSize: 10))
        var outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes("12345678\r\n.\r\n")])
        #expect(outcome.failures.isEmpty)
        #expect(outcome.message == bytes("12345678\r\n"))

        decoder = SMTPDataDecoder(limits: .init(maximumMessageSize: 10))
        let big = "123456789\r\n" + String(repeating: "filler line\r\n", count: 1000) + ".\r\nQUIT\r\n"
        outcome = BodyDecoderHarness.run(&decoder, pieces: bytes(big).chunked(into: 100))
        #expect(outcome.failures == [.sizeExceeded(limit: 10)])
        #expect(outcome.ends == 1)
        #expect(outcome.remaining == bytes("QUIT\r\n"))
        #expect(outcome.failures.first?.reply.code == 552)
        #expect(outcome.failures.first?.reply.enhancedCode?.description == "5.3.4")
    }

    @Test func chunksAreBoundedAndNothingIsHeldBack() {
        var decoder = SMTPDataDecoder(limits: .init(maximumChunkSize: 16))
        let text = (0..<50).map { "line \($0)\r\n" }.joined()
        let outcome = BodyDecoderHarness.run(&decoder, pieces: [bytes(text + ".\r\n")])
        #expect(outcome.message == bytes(text))
        #expect(outcome.chunkSizes.allSatisfy { $0 <= 16 })

        // Everything decodable so far is handed out at once: a streaming store sees it without waiting.
        var streaming = SMTPDataDecoder()
        var input = ByteBuffer(string: "partial line without end")
        #expect(streaming.decode(&input) == .chunk(ByteBuffer(string: "partial line without end")))
        #expect(streaming.decode(&input) == .needMoreInput)
    }

    @Test func largeBodyStreamsInBoundedMemory() {
        var decoder = SMTPDataDecoder(limits: .init(maximumMessageSize: .max, maximumChunkSize: 65_536))
        var input = ByteBuffer()
        let block = Array(repeating: Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n".utf8), count: 1024).flatMap { $0 }
        var total = 0
        for _ in 0..<64 {
            input.writeBytes(block)
            while case .chunk(let chunk) = decoder.decode(&input) {
                #expect(chunk.readableBytes <= 65_536)
                total += chunk.readableBytes
            }
            #expect(input.readableBytes == 0)
        }
        #expect(total == block.count * 64)
        #expect(decoder.messageSize == UInt64(block.count * 64))
    }

    static func hasOnlyCRLFLineEndings(_ message: [UInt8]) -> Bool {
        !Self.hasBareLineEnding(message)
    }

    static func hasBareLineEnding(_ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() {
            if byte == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10) { return true }
            if byte == 10 && (index == 0 || bytes[index - 1] != 13) { return true }
        }
        return false
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: self.count, by: size).map { Array(self[$0..<Swift.min($0 + size, self.count)]) }
    }
}
