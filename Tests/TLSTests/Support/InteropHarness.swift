import Foundation
import NIOCore
import NIOPosix
import TLS

/// Real sockets on 127.0.0.1 for interop tests: our server (implicit TLS or STARTTLS) and our client.
enum InteropHarness {
    struct Timeout: Error {}

    static var group: MultiThreadedEventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    static func startLineServer(context: TLSContext, log: OutcomeLog, startTLS: Bool = false) throws -> (any Channel, Int) {
        let channel = try ServerBootstrap(group: self.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if startTLS {
                        try pipeline.addHandler(LineServerHandler(log: log, startTLSContext: context))
                    } else {
                        try pipeline.addHandler(TLSHandler(context: context))
                        try pipeline.addHandler(LineServerHandler(log: log))
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .wait()
        return (channel, channel.localAddress!.port!)
    }

    static func connectProbe(
        context: TLSContext,
        hostname: String = "localhost",
        port: Int,
        lines: [String],
        expected: String
    ) throws -> ConnectionOutcome {
        let done = self.group.next().makePromise(of: ConnectionOutcome.self)
        let channel = try ClientBootstrap(group: self.group)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverHostname: hostname))
                    try channel.pipeline.syncOperations.addHandler(
                        ClientProbeHandler(lines: lines, expected: expected, done: done))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .wait()
        let guardTimer = channel.eventLoop.scheduleTask(in: .seconds(30)) { channel.close(promise: nil) }
        defer { guardTimer.cancel() }
        return try done.futureResult.wait()
    }

    /// Server outcomes are logged when the connection closes, which may be just after the peer exits.
    static func waitForOutcomes(_ log: OutcomeLog, count: Int, timeout: TimeInterval = 10) -> [ConnectionOutcome] {
        let deadline = Date().addingTimeInterval(timeout)
        while log.all.count < count, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return log.all
    }
}
