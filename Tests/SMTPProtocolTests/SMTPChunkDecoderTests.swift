import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPChunkDecoderTests {
    @Test func readsExactlyTheChunkSizeWithoutDotProcessing() {
        let payload = Array("a\n.\nb\r\n.\r\n".utf8)
        for pieces in BodyDecoderHarness.splits(of: payload + Array("RSET\r\n".utf8)) {
            var decoder = SMTPChunkDecoder(size: UInt64(payload.count), messageSizeSoFar: 0, maximumMessageSize: 100)
            let outcome = BodyDecoderHarness.run(&decoder, pieces: pieces)
            #expect(outcome.message == payload)
            #expect(outcome.ends == 1)
            #expect(outcome.remaining == Array("RSET\r\n".utf8))
        }
    }

    @Test func zeroLengthChunkEndsAtOnce() {
        var decoder = SMTPChunkDecoder(size: 0, messageSizeSoFar: 5, maximumMessageSize: 100)
        var input = ByteBuffer(string: "QUIT\r\n")
        #expect(decoder.decode(&input) == .end)
        #expect(input.readableBytes == 6)
    }

    @Test func sizeLimitCountsEarlierChunksAndStillConsumesTheChunk() {
        var decoder = SMTPChunkDecoder(size: 10, messageSizeSoFar: 95, maximumMessageSize: 100)
        let outcome = BodyDecoderHarness.run(&decoder, pieces: [Array(repeating: 0x41, count: 10) + Array("NOOP\r\n".utf8)])
        #expect(outcome.failures == [.sizeExceeded(limit: 100)])
        #expect(outcome.message.isEmpty)
        #expect(outcome.ends == 1)
        #expect(outcome.remaining == Array("NOOP\r\n".utf8))
    }

    @Test func hugeDeclaredChunkDoesNotOverflow() {
        var decoder = SMTPChunkDecoder(size: .max, messageSizeSoFar: 10, maximumMessageSize: 100)
        var input = ByteBuffer(string: "abc")
        #expect(decoder.decode(&input) == .failed(.sizeExceeded(limit: 100)))
        #expect(decoder.decode(&input) == .needMoreInput)
        #expect(input.readableBytes == 0)
    }

    @Test func slicesAreBounded() {
        var decoder = SMTPChunkDecoder(size: 1000, messageSizeSoFar: 0, maximumMessageSize: 10_000, maximumChunkSize: 64)
        let outcome = BodyDecoderHarness.run(&decoder, pieces: [Array(repeating: 0x42, count: 1000)])
        #expect(outcome.chunkSizes.allSatisfy { $0 <= 64 })
        #expect(outcome.message.count == 1000)
        #expect(decoder.messageSizeAfterChunk == 1000)
    }
}
