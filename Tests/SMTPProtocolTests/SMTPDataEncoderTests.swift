import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPDataEncoderTests {
    struct Case: Sendable { let input: String; let output: String }

    @Test(arguments: [
        Case(input: "a\r\nb\r\n", output: "a\r\nb\r\n.\r\n"),
        Case(input: "a\r\nb", output: "a\r\nb\r\n.\r\n"),
        Case(input: "", output: ".\r\n"),
        Case(input: ".x\r\n.\r\n..\r\n", output: "..x\r\n..\r\n...\r\n.\r\n"),
        Case(input: "a\n.\nb", output: "a\r\n..\r\nb\r\n.\r\n"),
        Case(input: "a\r.\r\nb\r", output: "a\r\n..\r\nb\r\n.\r\n"),
        Case(input: "mid.dot\r\n", output: "mid.dot\r\n.\r\n"),
    ])
    func stuffsAndNormalises(_ c: Case) {
        // Byte-at-a-time and whole input must agree: chunk boundaries may fall anywhere.
        for pieces in [[Array(c.input.utf8)], Array(c.input.utf8).map { [$0] }] {
            var encoder = SMTPDataEncoder()
            var output = ByteBuffer()
            for piece in pieces { encoder.encode(ByteBuffer(bytes: piece), into: &output) }
            encoder.finish(into: &output)
            #expect(String(buffer: output) == c.output)
        }
    }

    @Test(arguments: [
        Case(input: "a\r\nb\r\n", output: "a\r\nb\r\n"),
        Case(input: "a\r\nb", output: "a\r\nb\r\n"),
        Case(input: "", output: ""),
        Case(input: ".x\r\n.\r\n", output: ".x\r\n.\r\n"),
        Case(input: "a\n.\nb\r", output: "a\r\n.\r\nb\r\n"),
    ])
    func withoutDotStuffingForBDATOnlyLineEndingsChange(_ c: Case) {
        for pieces in [[Array(c.input.utf8)], Array(c.input.utf8).map { [$0] }] {
            var encoder = SMTPDataEncoder(dotStuffing: false)
            var output = ByteBuffer()
            for piece in pieces { encoder.encode(ByteBuffer(bytes: piece), into: &output) }
            encoder.endLine(into: &output)
            #expect(String(buffer: output) == c.output)
        }
    }

    @Test func encoderOutputDecodesToTheNormalisedInput() {
        let text = "Subject: x\r\n\r\n.leading\n..two\r.\r\nend"
        var encoder = SMTPDataEncoder()
        var wire = ByteBuffer()
        encoder.encode(ByteBuffer(string: text), into: &wire)
        encoder.finish(into: &wire)
        var decoder = SMTPDataDecoder()
        var body = ByteBuffer()
        loop: while true {
            switch decoder.decode(&wire) {
            case .chunk(var chunk): body.writeBuffer(&chunk)
            case .end: break loop
            case .failed, .needMoreInput: Issue.record("unexpected"); break loop
            }
        }
        #expect(String(buffer: body) == "Subject: x\r\n\r\n.leading\r\n..two\r\n.\r\nend\r\n")
    }
}

/// Deterministic generator so a failing case can be reproduced from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct SMTPDataRoundTripTests {
    /// Bare CR, bare LF and CRLF all become CRLF, and a last line without one gets one.
    static func normalised(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 13 {
                output += [13, 10]
                index += (index + 1 < input.count && input[index + 1] == 10) ? 2 : 1
            } else if byte == 10 {
                output += [13, 10]
                index += 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        if let last = output.last, last != 10 { output += [13, 10] }
        return output
    }

    @Test(arguments: 0..<200)
    func encodeThenDecodeIsNormalisation(seed: Int) {
        var random = SplitMix64(state: UInt64(seed))
        let alphabet: [UInt8] = Array("\r\n.a\u{0} ".utf8)
        let input = (0..<Int.random(in: 0...300, using: &random)).map { _ in alphabet.randomElement(using: &random)! }

        var encoder = SMTPDataEncoder()
        var wire = ByteBuffer()
        var rest = input[...]
        while !rest.isEmpty {
            let take = Int.random(in: 1...max(1, rest.count), using: &random)
            encoder.encode(ByteBuffer(bytes: rest.prefix(take)), into: &wire)
            rest = rest.dropFirst(take)
        }
        encoder.finish(into: &wire)
        wire.writeString("NEXT")

        var decoder = SMTPDataDecoder(limits: .init(maximumLineLength: 10_000))
        var pieces: [[UInt8]] = []
        var wireBytes = Array(wire.readableBytesView)[...]
        while !wireBytes.isEmpty {
            let take = Int.random(in: 1...max(1, wireBytes.count), using: &random)
            pieces.append(Array(wireBytes.prefix(take)))
            wireBytes = wireBytes.dropFirst(take)
        }
        let outcome = BodyDecoderHarness.run(&decoder, pieces: pieces)
        #expect(outcome.ends == 1, "seed \(seed)")
        #expect(outcome.failures.isEmpty, "seed \(seed)")
        #expect(outcome.message == Self.normalised(input), "seed \(seed)")
        #expect(outcome.remaining == Array("NEXT".utf8), "seed \(seed)")
    }
}
