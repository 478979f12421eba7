import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection: gathers each request's body, checks its signature, records it and
/// answers `200` with an empty body (any method; the gateway only POSTs). The latency of a stamped request is
/// taken just before the 200 is written.
final class SinkHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let verifier: WebhookVerifier
    private let statistics: SinkStatistics
    /// Called with the distinct id count after each request, to stop at `--expect`.
    private let answered: @Sendable (Int) -> Void
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(verifier: WebhookVerifier, statistics: SinkStatistics, answered: @escaping @Sendable (Int) -> Void) {
        self.verifier = verifier
        self.statistics = statistics
        self.answered = answered
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let id = head.headers.first(name: "webhook-id") ?? ""
            let valid = verifier.verify(
                id: id, timestamp: head.headers.first(name: "webhook-timestamp") ?? "",
                signatures: head.headers.first(name: "webhook-signature") ?? "", body: body)
            let stamp = LoadStampReader.epochNanoseconds(in: body)
            let now = SinkStatistics.epochNanoseconds()
            let distinct = statistics.record(id: id, signatureValid: valid, latency: stamp.map { now - $0 }, at: now)
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "0")
            let response = HTTPResponseHead(version: head.version, status: .ok, headers: headers)
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if !head.isKeepAlive { context.close(promise: nil) }
            answered(distinct)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
