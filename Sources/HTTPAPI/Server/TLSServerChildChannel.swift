import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import TLS

/// A Hummingbird child channel served over our own TLS (`TLS.TLSHandler`, system OpenSSL): the handler goes first
/// in the pipeline, next to the socket, and the base channel (HTTP/1.1) is set up behind it as it would be on a
/// plain connection. Each connection takes the context current when it is accepted, so a certificate reloaded on
/// SIGHUP reaches the next connection while established ones keep theirs. `TLSHandshakeObserver` follows the
/// handler, counting how each handshake ended.
///
/// The shape of HummingbirdTLS's `TLSChannel`, which is tied to swift-nio-ssl; we serve with the system OpenSSL
/// the SMTP listeners use.
struct TLSServerChildChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let context: ReloadableTLSContext
    /// The `listener` label of the handshake counter.
    let listener: String
    let registry: PrometheusCollectorRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // Hummingbird accepts with remote half-closure allowed. Over TLS a peer ends what it sends with
            // close_notify, which the handler answers by closing; a FIN without one is a hang-up, and taken as one it
            // closes the connection at once instead of leaving it to wait out the close_notify timeout.
            try channel.syncOptions?.setOption(ChannelOptions.allowRemoteHalfClosure, value: false)
            try channel.pipeline.syncOperations.addHandlers(
                TLSHandler(context: self.context.current),
                TLSHandshakeObserver(listener: self.listener, registry: self.registry, logger: logger))
        }.flatMap {
            self.base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await self.base.handle(value: value, logger: logger)
    }
}
