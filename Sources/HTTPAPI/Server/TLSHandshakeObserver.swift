import Logging
import MailModel
import NIOCore
import Prometheus
import TLS

/// Behind `TLSHandler` on an HTTPS connection: counts how its handshake ended
/// (`mailgate_http_tls_handshakes_total`, the SMTP listeners' counter for HTTP) and logs a failed one at debug,
/// which Hummingbird, seeing only a connection that ended, would not. Everything passes through unchanged.
final class TLSHandshakeObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    static let metricName = "mailgate_http_tls_handshakes_total"

    private let listener: String
    private let registry: PrometheusCollectorRegistry
    private let logger: Logger

    /// - Parameter listener: the `listener` label: `http` (the API's) or `metrics`.
    init(listener: String, registry: PrometheusCollectorRegistry, logger: Logger) {
        self.listener = listener
        self.registry = registry
        self.logger = logger
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let completed = event as? TLSHandshakeCompleted {
            count(.success, version: completed.session.parameters.version)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let result = TLSHandshakeResult(failure: error) {
            count(result, version: "none")
            logger.debug(
                "TLS handshake failed",
                metadata: ["error": "\(error)", "remote": "\(context.remoteAddress.map { "\($0)" } ?? "unknown")"])
        }
        context.fireErrorCaught(error)
    }

    private func count(_ result: TLSHandshakeResult, version: String) {
        registry.makeCounter(
            name: Self.metricName, labels: [("listener", listener), ("result", result.rawValue), ("version", version)],
            help: "TLS handshakes on the HTTP listeners, by how they ended"
        ).increment()
    }
}

@available(*, unavailable)
extension TLSHandshakeObserver: Sendable {}
