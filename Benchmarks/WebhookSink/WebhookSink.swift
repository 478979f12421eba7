import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A webhook receiver for the end-to-end benchmark (Benchmarks/SMTPLoad/run-e2e.sh): answers every request
/// 200 on 127.0.0.1, verifies its Standard Webhooks signature, counts requests and distinct `webhook-id`s,
/// and times each message from the `X-Load-Sent` stamp SMTPLoad put in it to the 200. Options in
/// `SinkOptions`; the report is one `key=value` line on standard output (`SinkStatistics.reportLine`).
@main
struct WebhookSink {
    static func main() async {
        let options: SinkOptions
        let verifier: WebhookVerifier
        do {
            options = try SinkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
            verifier = try WebhookVerifier(secret: options.secret)
        } catch {
            FileHandle.standardError.write(Data("WebhookSink: \(error)\n".utf8))
            exit(2)
        }
        do {
            try await run(options, verifier: verifier)
        } catch {
            FileHandle.standardError.write(Data("WebhookSink: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ options: SinkOptions, verifier: WebhookVerifier) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        let statistics = SinkStatistics()
        let done = group.next().makePromise(of: String.self)
        let expect = options.expect
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(SinkHTTPHandler(
                        verifier: verifier, statistics: statistics,
                        answered: { distinct in if let expect, distinct >= expect { done.succeed("expected") } }))
                }
            }
            .bind(host: "127.0.0.1", port: options.port)
            .get()
        // Unbuffered, so a script reading the output file sees each line at once.
        FileHandle.standardOutput.write(Data("sink: listening on 127.0.0.1:\(options.port)\n".utf8))

        var signalSources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { done.succeed("signal") }
            source.resume()
            signalSources.append(source)
        }
        if let idleTimeout = options.idleTimeout {
            let limit = Int64(idleTimeout * 1e9)
            let check = group.next().scheduleRepeatedTask(initialDelay: .milliseconds(200), delay: .milliseconds(200)) { _ in
                if let last = statistics.lastRequest, SinkStatistics.epochNanoseconds() - last > limit { done.succeed("idle") }
            }
            done.futureResult.whenComplete { _ in check.cancel() }
        }

        let reason = try await done.futureResult.get()
        FileHandle.standardOutput.write(Data((statistics.reportLine(reason: reason) + "\n").utf8))
        try await channel.close()
        signalSources.forEach { $0.cancel() }
        try await group.shutdownGracefully()
    }
}
