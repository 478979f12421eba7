// Handshakes/s and bulk MiB/s over loopback: Mailgate's TLSHandler beside `openssl s_server`/`s_client`/`s_time`
// doing the same work (TLS 1.3, TLS_AES_128_GCM_SHA256, X25519, one server thread, one client thread).
//
//   swift run -c release --scratch-path .build TLSBenchmark [handshake-seconds] [bulk-MiB]
import Foundation
import NIOCore
import NIOPosix
import TLS

let handshakeSeconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1])! : 5
let bulkMiB = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 512
let bulkBytes = bulkMiB * 1024 * 1024
let suite = "TLS_AES_128_GCM_SHA256"
let pki = try BenchmarkPKI()
let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

func serverContext(_ key: String) throws -> TLSContext {
    var configuration = TLSConfiguration.server(
        certifiedKey: TLSCertifiedKey(certificateChain: .file(pki.path("\(key).pem")), privateKey: .file(pki.path("\(key).key"))))
    configuration.cipherSuites = suite
    return try TLSContext(configuration: configuration)
}

func clientContext() throws -> TLSContext {
    var configuration = TLSConfiguration.client(trustRoots: .file(pki.path("ca.pem")))
    configuration.cipherSuites = suite
    configuration.closeNotifyTimeout = .seconds(1)
    return try TLSContext(configuration: configuration)
}

func startOurServer(
    _ context: TLSContext,
    extra: @escaping @Sendable (any Channel) throws -> Void = { _ in }
) throws -> any Channel {
    try ServerBootstrap(group: serverGroup)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .serverChannelOption(.backlog, value: 1024)
        .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context))
                try extra(channel)
            }
        }
        .bind(host: "127.0.0.1", port: 0).wait()
}

func opensslServer(_ key: String, www: Bool) throws -> (ExternalPeer, Int) {
    let peer = try ExternalPeer(
        shell: "openssl s_server -accept 127.0.0.1:0 -cert \(pki.path("\(key).pem")) -key \(pki.path("\(key).key"))"
            + " -tls1_3 -ciphersuites \(suite)" + (www ? " -www" : ""))
    return (peer, try peer.acceptedPort())
}

func report(_ label: String, _ value: Double, _ unit: String) {
    print(label.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%10.1f ", value) + unit)
}

/// Our client, 16 connections in flight, counting handshakes completed in the measurement window.
func ourHandshakeRate(port: Int) throws -> Double {
    let loop = clientGroup.next()
    let load = HandshakeLoad(loop: loop, context: try clientContext(), port: port)
    try loop.submit { load.start(concurrency: 16) }.wait()
    Thread.sleep(forTimeInterval: 0.5)
    let before = try loop.submit { load.completed }.wait()
    let start = Date()
    Thread.sleep(forTimeInterval: handshakeSeconds)
    let after = try loop.submit { load.completed }.wait()
    let elapsed = Date().timeIntervalSince(start)
    let failed = try loop.submit { load.stop(); return load.failed }.wait()
    Thread.sleep(forTimeInterval: 1.5)  // let the last connections finish closing
    if failed > 0 { print("  (\(failed) failed handshakes)") }
    return Double(after - before) / elapsed
}

/// `openssl s_time -new`: sequential full handshakes from one process; wall-clock rate.
func sTimeRate(port: Int) throws -> Double {
    let seconds = Int(handshakeSeconds.rounded())
    let run = try ExternalPeer.timed(shell: "openssl s_time -connect 127.0.0.1:\(port) -new -time \(seconds) 2>&1")
    guard let line = run.output.split(separator: "\n").first(where: { $0.contains("connections in") && $0.contains("real") }),
        let count = Double(line.split(separator: " ")[0])
    else { throw BenchmarkFailure("unexpected s_time output: \(run.output)") }
    return count / run.seconds
}

print("TLS benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(handshakeSeconds) s per handshake run, \(bulkMiB) MiB per bulk run")
print(try ExternalPeer.timed(shell: "openssl version").output.trimmingCharacters(in: .whitespacesAndNewlines))

for key in ["ecdsa", "rsa"] {
    let ours = try startOurServer(try serverContext(key))
    let ourPort = ours.localAddress!.port!
    let (peer, peerPort) = try opensslServer(key, www: true)
    report("handshakes/s \(key): our client x16 -> our server", try ourHandshakeRate(port: ourPort), "/s")
    report("handshakes/s \(key): our client x16 -> openssl s_server", try ourHandshakeRate(port: peerPort), "/s")
    report("handshakes/s \(key): openssl s_time -> our server", try sTimeRate(port: ourPort), "/s")
    report("handshakes/s \(key): openssl s_time -> openssl s_server", try sTimeRate(port: peerPort), "/s")
    peer.stop()
    try ours.close().wait()
}

do {
    // our client -> our server
    let received = serverGroup.next().makePromise(of: Void.self)
    let ours = try startOurServer(try serverContext("ecdsa")) { channel in
        try channel.pipeline.syncOperations.addHandler(DiscardHandler(total: bulkBytes, done: received))
    }
    let sent = clientGroup.next().makePromise(of: Void.self)
    let context = try clientContext()
    let start = Date()
    let client = try ClientBootstrap(group: clientGroup)
        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverHostname: "localhost"))
                try channel.pipeline.syncOperations.addHandler(BulkSendHandler(total: bulkBytes, done: sent))
            }
        }
        .connect(host: "127.0.0.1", port: ours.localAddress!.port!).wait()
    try received.futureResult.wait()
    report("bulk MiB/s: our client -> our server", Double(bulkMiB) / Date().timeIntervalSince(start), "MiB/s")
    try? client.closeFuture.wait()

    // openssl s_client -> our server
    let received2 = serverGroup.next().makePromise(of: Void.self)
    let ours2 = try startOurServer(try serverContext("ecdsa")) { channel in
        try channel.pipeline.syncOperations.addHandler(DiscardHandler(total: bulkBytes, done: received2))
    }
    let run = try ExternalPeer.timed(
        shell: "head -c \(bulkBytes) /dev/zero | openssl s_client -connect 127.0.0.1:\(ours2.localAddress!.port!)"
            + " -tls1_3 -ciphersuites \(suite) -brief > /dev/null 2>&1")
    try received2.futureResult.wait()
    report("bulk MiB/s: openssl s_client -> our server", Double(bulkMiB) / run.seconds, "MiB/s")

    // our client -> openssl s_server
    let (peer, peerPort) = try opensslServer("ecdsa", www: false)
    let sent3 = clientGroup.next().makePromise(of: Void.self)
    let start3 = Date()
    let client3 = try ClientBootstrap(group: clientGroup)
        .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(TLSHandler(context: context, serverHostname: "localhost"))
                try channel.pipeline.syncOperations.addHandler(BulkSendHandler(total: bulkBytes, done: sent3))
            }
        }
        .connect(host: "127.0.0.1", port: peerPort).wait()
    try sent3.futureResult.wait()
    report("bulk MiB/s: our client -> openssl s_server", Double(bulkMiB) / Date().timeIntervalSince(start3), "MiB/s")
    try client3.close().wait()
    peer.stop()

    // openssl s_client -> openssl s_server
    let (peer4, peerPort4) = try opensslServer("ecdsa", www: false)
    let run4 = try ExternalPeer.timed(
        shell: "head -c \(bulkBytes) /dev/zero | openssl s_client -connect 127.0.0.1:\(peerPort4)"
            + " -tls1_3 -ciphersuites \(suite) -brief > /dev/null 2>&1")
    report("bulk MiB/s: openssl s_client -> openssl s_server", Double(bulkMiB) / run4.seconds, "MiB/s")
    peer4.stop()
    try ours.close().wait()
    try ours2.close().wait()
}
try serverGroup.syncShutdownGracefully()
try clientGroup.syncShutdownGracefully()
