import NIOCore

@testable import SMTPProtocol

/// Feeds a body decoder piece by piece, the way a channel hands over reads, and records what came out.
struct BodyDecoderHarness {
    struct Outcome: Equatable {
        var message: [UInt8] = []
        var chunkSizes: [Int] = []
        var failures: [SMTPMessageFailure] = []
        var ends = 0
        /// Input left after the end: the client's next commands.
        var remaining: [UInt8] = []
    }

    static func run(_ decoder: inout SMTPDataDecoder, pieces: [[UInt8]]) -> Outcome {
        var outcome = Outcome()
        var input = ByteBuffer()
        for (pieceIndex, piece) in pieces.enumerated() {
            input.writeBytes(piece)
            loop: while true {
                switch decoder.decode(&input) {
                case .chunk(let chunk):
                    outcome.message += chunk.readableBytesView
                    outcome.chunkSizes.append(chunk.readableBytes)
                case .failed(let failure):
                    outcome.failures.append(failure)
                case .end:
                    outcome.ends += 1
                    outcome.remaining = Array(input.readableBytesView) + pieces[(pieceIndex + 1)...].flatMap { $0 }
                    return outcome
                case .needMoreInput:
                    Self.assertDrained(input)
                    break loop
                }
            }
        }
        outcome.remaining = Array(input.readableBytesView)
        return outcome
    }

    static func run(_ decoder: inout SMTPChunkDecoder, pieces: [[UInt8]]) -> Outcome {
        var outcome = Outcome()
        var input = ByteBuffer()
        for (pieceIndex, piece) in pieces.enumerated() {
            input.writeBytes(piece)
            loop: while true {
                switch decoder.decode(&input) {
                case .chunk(let chunk):
                    outcome.message += chunk.readableBytesView
                    outcome.chunkSizes.append(chunk.readableBytes)
                case .failed(let failure):
                    outcome.failures.append(failure)
                case .end:
                    outcome.ends += 1
                    outcome.remaining = Array(input.readableBytesView) + pieces[(pieceIndex + 1)...].flatMap { $0 }
                    return outcome
                case .needMoreInput:
                    break loop
                }
            }
        }
        outcome.remaining = Array(input.readableBytesView)
        return outcome
    }

    /// Every split of `bytes` into one-byte pieces, and into two pieces at each position.
    static func splits(of bytes: [UInt8]) -> [[[UInt8]]] {
        var result: [[[UInt8]]] = [[bytes], bytes.map { [$0] }]
        for cut in 1..<max(bytes.count, 1) {
            result.append([Array(bytes[..<cut]), Array(bytes[cut...])])
        }
        return result
    }

    /// A `.needMoreInput` with bytes still buffered would stall the session; this makes it a crash in
    /// tests rather than a silent hang.
    static func assertDrained(_ input: ByteBuffer) {
        precondition(input.readableBytes == 0, "decoder asked for more input while \(input.readableBytes) bytes were buffered")
    }
}
