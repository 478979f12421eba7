import Foundation
import NIOCore
import TLS

/// Sends `total` bytes of a period-251 pattern while the channel is writable, and checks the same amount
/// coming back byte for byte. The channel runs with autoRead off: this handler asks for each read.
final class BulkTransferHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Result: Sendable {
        var sent = 0
        var received = 0
        var mismatchAt: Int?
        var unwritableTransitions = 0
        var errors: [String] = []
    }

    private static let chunkSize = 65_536
    private static let period = 251
    private let pattern: ByteBuffer
    private let total: Int
    private let done: EventLoopPromise<Result>
    private var result = Result()
    private var finished = false

    init(total: Int, done: EventLoopPromise<Result>) {
        self.total = total
        self.done = done
        var pattern = ByteBuffer()
        for index in 0..<(Self.chunkSize + Self.period) {
            pattern.writeInteger(UInt8(index % Self.period))
        }
        self.pattern = pattern
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is TLSHandshakeCompleted {
            context.read()
            self.sendMore(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            self.sendMore(context: context)
        } else {
            self.result.unwritableTransitions += 1
        }
        context.fireChannelWritabilityChanged()
    }

    private func sendMore(context: ChannelHandlerContext) {
        while context.channel.isWritable, self.result.sent < self.total {
            let length = min(Self.chunkSize, self.total - self.result.sent)
            let chunk = self.pattern.getSlice(at: self.result.sent % Self.period, length: length)!
            self.result.sent += length
            context.writeAndFlush(self.wrapOutboundOut(chunk), promise: nil)
        }
        self.checkDone()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = self.unwrapInboundIn(data)
        while buffer.readableBytes > 0 {
            let length = min(Self.chunkSize, buffer.readableBytes)
            let offset = self.result.received % Self.period
            let equal = buffer.withUnsafeReadableBytes { incoming in
                self.pattern.withUnsafeReadableBytes { expected in
                    memcmp(incoming.baseAddress!, expected.baseAddress! + offset, length) == 0
                }
            }
            if !equal, self.result.mismatchAt == nil {
                self.result.mismatchAt = self.result.received
            }
            buffer.moveReaderIndex(forwardBy: length)
            self.result.received += length
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.checkDone()
        if !self.finished {
            context.read()
        }
    }

    private func checkDone() {
        if !self.finished, self.result.sent == self.total, self.result.received >= self.total {
            self.finished = true
            self.done.succeed(self.result)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.result.errors.append("\(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !self.finished {
            self.finished = true
            self.result.errors.append("closed early")
            self.done.succeed(self.result)
        }
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension BulkTransferHandler: Sendable {}
