import Logging
import NIOCore

/// Logs what goes wrong on the listening socket (accept failing for lack of descriptors or memory, or refused by
/// the system): NIO backs off and retries, and without this the clients only see their connection hang or close.
final class AcceptErrorLogger: ChannelInboundHandler, Sendable {
    typealias InboundIn = any Channel

    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.error("accepting a connection failed", metadata: ["error": "\(error)"])
        context.fireErrorCaught(error)
    }
}
