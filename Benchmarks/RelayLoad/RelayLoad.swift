import Foundation
import NIOCore
import SMTPClient
import SMTPProtocol

/// Relay load: `RelayLoad <host> <port> [messages] [concurrency] [starttls <ca-file> | none] [chunking|data]`
/// relays that many 5 KiB messages through one `SMTPRelayClient` (pool of `concurrency` sessions, warmed
/// first) and prints msg/s and the process's CPU time per message (user + system, from getrusage), the
/// figure DESIGN.md budgets (a 5 KiB message to the upstream's 250 in the order of 300 µs).
@main
struct RelayLoad {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let port = Int(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: RelayLoad host port [messages] [concurrency] [starttls ca-file|none] [chunking|data]\n".utf8))
            exit(2)
        }
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
        let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
        let tls = arguments.count > 4 && arguments[4] == "starttls"
        let caFile = tls && arguments.count > 5 ? arguments[5] : nil
        let chunking = !(arguments.last == "data")
        let body = "From: load@example.com\r\nTo: ok@dest.test\r\nSubject: relay load\r\n\r\n"
            + String(repeating: String(repeating: "x", count: 76) + "\r\n", count: 65)
        let message = SMTPClientMessage(
            mailFrom: .mailbox(SMTPMailbox(localPart: "load", domain: "example.com")),
            recipients: [SMTPEnvelopeRecipient(path: .mailbox(SMTPMailbox(localPart: "ok", domain: "dest.test")))])
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: arguments[0], port: port, tlsMode: tls ? .startTLS : .none, caFile: caFile)],
            configuration: SMTPRelayClientConfiguration(
                heloName: "relayload.test", pool: SMTPConnectionPoolConfiguration(maxConnections: concurrency, maxMessagesPerConnection: 1_000_000),
                chunking: chunking))
        let bodyBuffer = ByteBuffer(string: body)
        @Sendable func relayOne() async -> Bool {
            let result = await client.relay(message, size: bodyBuffer.readableBytes, body: AsyncThrowingStream { $0.yield(bodyBuffer); $0.finish() })
            if case .replied(let report) = result { return report.results.allSatisfy(\.delivered) }
            return false
        }
        // Warm the pool: every session established before timing starts.
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<concurrency { group.addTask { await relayOne() } }
            for await _ in group {}
        }
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let delivered = await withTaskGroup(of: Bool.self) { group in
            var launched = 0
            var delivered = 0
            while launched < min(concurrency, count) {
                launched += 1
                group.addTask { await relayOne() }
            }
            for await ok in group {
                if ok { delivered += 1 }
                if launched < count {
                    launched += 1
                    group.addTask { await relayOne() }
                }
            }
            return delivered
        }
        let elapsed = ContinuousClock.now - start
        let cpu = cpuSeconds() - cpuBefore
        await client.shutdown()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "RelayLoad: %d/%d relayed in %.2f s: %.0f msg/s, %.0f µs CPU per message (%@, %@)",
                     delivered, count, seconds, Double(count) / seconds, cpu / Double(count) * 1e6,
                     tls ? "STARTTLS" : "plain", chunking ? "BDAT when offered" : "DATA"))
        exit(delivered == count ? 0 : 1)
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
