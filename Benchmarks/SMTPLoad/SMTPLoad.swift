import Foundation
import NIOCore
import NIOPosix
import SMTPProtocol
import TLS

/// SMTP load client for the benchmark beside Postfix (Benchmarks/SMTPLoad/run.sh); options in `LoadOptions`.
///
/// `send` establishes every session first (greeting, EHLO, STARTTLS and AUTH as the mode asks), then starts
/// them together and times from that start to the last session's end: msg/s counts messages answered 250,
/// latency is per message from MAIL (or, with `--rate`, from when the message was due) to the final reply.
/// Every message carries `X-Load-Sent` (see `LoadMessage`) for a webhook receiver to time the whole path.
/// Any other reply, a session cut short or a message
/// left unanswered is an error, reported, and the exit status is 1.
///
/// `idle` opens the sessions (EHLO once, nothing more), writes `--ready-file`, holds them `--hold` seconds
/// (the script measures the server meanwhile), then closes them.
@main
struct SMTPLoad {
    static func main() async {
        let options: LoadOptions
        do {
            options = try LoadOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(2)
        }
        do {
            exit(try await run(options))
        } catch {
            FileHandle.standardError.write(Data("SMTPLoad: \(error)\n".utf8))
            exit(1)
        }
    }

    struct Session {
        var channel: EventLoopFuture<any Channel>
        var established: EventLoopFuture<Void>
        var finished: EventLoopFuture<SessionOutcome>
    }

    static func run(_ options: LoadOptions) async throws -> Int32 {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        let message = try LoadMessage(from: options.from, to: options.to, size: options.size)
        let tls = try tlsContext(options)
        let plans = options.command == .idle
            ? Array(repeating: SessionPlan(messages: 0), count: options.sessions)
            : SessionPlan.split(total: options.messages, sessions: options.sessions, rate: options.rate)

        // Set up in waves so the server's accept backlog never overflows.
        var sessions: [Session] = []
        var notEstablished = 0
        var firstFailure: String?
        for wave in stride(from: 0, to: plans.count, by: options.connectConcurrency) {
            let waveSessions = plans[wave..<min(plans.count, wave + options.connectConcurrency)].map {
                connect(options, plan: $0, message: message, tls: tls, group: group)
            }
            for session in waveSessions {
                do {
                    try await session.established.get()
                } catch {
                    notEstablished += 1
                    if firstFailure == nil { firstFailure = "\(error)" }
                }
            }
            sessions += waveSessions
        }
        let established = options.sessions - notEstablished
        let status: Int32
        switch options.command {
        case .idle:
            status = try await hold(sessions, options: options, established: established, firstFailure: firstFailure)
        case .send:
            status = try await send(sessions, options: options)
        }
        try await group.shutdownGracefully()
        return status
    }

    static func send(_ sessions: [Session], options: LoadOptions) async throws -> Int32 {
        let start = NIODeadline.now()
        let signal = LoadStart(at: start, deadline: options.seconds.map { start + .nanoseconds(Int64($0 * 1e9)) })
        for session in sessions {
            guard let channel = try? await session.channel.get() else { continue }
            channel.eventLoop.execute {
                channel.pipeline.syncOperations.fireUserInboundEventTriggered(signal)
            }
        }
        var outcomes: [SessionOutcome] = []
        for session in sessions { outcomes.append(try await session.finished.get()) }
        let elapsed = Double((NIODeadline.now() - start).nanoseconds) / 1e9
        let report = LoadReport(
            mode: options.mode.rawValue, sessions: options.sessions, size: options.size, planned: options.messages, rate: options.rate,
            seconds: elapsed, outcomes: outcomes)
        print(report.line())
        let errors = report.errorLines()
        for line in errors { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        return report.errorCount == 0 ? 0 : 1
    }

    static func hold(_ sessions: [Session], options: LoadOptions, established: Int, firstFailure: String?) async throws -> Int32 {
        print("idle: mode=\(options.mode.rawValue) established=\(established) failed=\(options.sessions - established)")
        if let firstFailure { FileHandle.standardError.write(Data("  first failure: \(firstFailure)\n".utf8)) }
        if let readyFile = options.readyFile {
            try "\(established)\n".write(toFile: readyFile, atomically: true, encoding: .utf8)
        }
        try await Task.sleep(for: .seconds(options.hold))
        for session in sessions {
            if let channel = try? await session.channel.get() { channel.close(promise: nil) }
        }
        for session in sessions { _ = try? await session.finished.get() }
        return established == options.sessions ? 0 : 1
    }

    static func connect(
        _ options: LoadOptions, plan: SessionPlan, message: LoadMessage, tls: TLSContext?,
        group: MultiThreadedEventLoopGroup
    ) -> Session {
        let loop = group.next()
        let established = loop.makePromise(of: Void.self)
        let finished = loop.makePromise(of: SessionOutcome.self)
        let configuration = SMTPClientConfiguration(
            heloName: "load.test",
            tlsMode: options.mode == .tls ? .implicit : options.mode == .starttls ? .startTLS : .none,
            username: options.user, password: options.password)
        let serverName = options.caFile == nil ? nil : options.serverName
        let channel = ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if options.mode == .tls, let tls {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(LoadSessionHandler(
                        configuration: configuration, message: message, plan: plan,
                        tls: tls.map { ($0, serverName) }, established: established, finished: finished))
                }
            }
            .connect(host: options.host, port: options.port)
        channel.whenFailure { error in
            // The handler never saw the connection; settle its promises here (a second completion is ignored).
            established.fail(error)
            finished.succeed(SessionOutcome(sessionFailure: "connect: \(error)"))
        }
        return Session(channel: channel, established: established.futureResult, finished: finished.futureResult)
    }

    /// Without `--ca` the server's certificate is not checked: the benchmark measures the cost of TLS, which is
    /// the same either way.
    static func tlsContext(_ options: LoadOptions) throws -> TLSContext? {
        guard options.mode != .plain else { return nil }
        let configuration: TLSConfiguration = options.caFile.map {
            .client(trustRoots: .file($0), peerVerification: .fullVerification)
        } ?? .client(peerVerification: .insecureNoVerification)
        return try TLSContext(configuration: configuration)
    }
}
