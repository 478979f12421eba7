import NIOCore
import NIOPosix
import TLS

/// Keeps `concurrency` client connections handshaking back to back against a server and counts completed
/// handshakes. Each connection closes (with close_notify) as soon as its handshake is done.
/// `@unchecked Sendable`: every property is only touched on `loop` (callers use `loop.submit`).
final class HandshakeLoad: @unchecked Sendable {
    private let loop: any EventLoop
    private let context: TLSContext
    private let port: Int
    private var running = true
    private(set) var completed = 0
    private(set) var failed = 0

    init(loop: any EventLoop, context: TLSContext, port: Int) {
        self.loop = loop
        self.context = context
        self.port = port
    }

    /// Must be called on `loop`; everything else runs there too.
    func start(concurrency: Int) {
        for _ in 0..<concurrency { self.connectOne() }
    }

    func stop() { self.running = false }

    private func connectOne() {
        guard self.running else { return }
        let bound = NIOLoopBound(self, eventLoop: self.loop)
        let context = self.context
        ClientBootstrap(group: self.loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverHostname: "localhost"))
                    try channel.pipeline.syncOperations.addHandler(HandshakeClientHandler { ok in
                        bound.value.finished(ok: ok)
                    })
                }
            }
            .connect(host: "127.0.0.1", port: self.port)
            .whenFailure { _ in bound.value.finished(ok: false) }
    }

    private func finished(ok: Bool) {
        if ok { self.completed += 1 } else { self.failed += 1 }
        self.connectOne()
    }
}
