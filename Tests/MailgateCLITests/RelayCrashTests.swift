import Foundation
import MailgateTestSupport
import Testing

/// The relay's durability claim under a crash: 10,000 messages accepted by the send API, `mailgate` killed with
/// SIGKILL while it relays them to a real SMTP server (aiosmtpd), then restarted. Every accepted message must
/// reach the upstream; a message may arrive twice only if its transaction was in flight at the kill.
@Suite(.serialized) struct RelayCrashTests {
    static let count = 10_000
    static let loadClient = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/send_load.py").path

    /// `X-Seq` of every transaction the sink accepted, in arrival order.
    static func sequenceNumbers(_ sink: SMTPSink) -> [Int] {
        sink.transactions().compactMap { transaction in
            let text = String(decoding: transaction.data.prefix(4096), as: UTF8.self)
            guard let range = text.range(of: "\r\nX-Seq: ") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
    }

    @Test(arguments: GatewayInstance.Store.allCases)
    func aKillDuringATenThousandMessageRelayLosesNothing(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        // The lease is what a restarted replica waits before taking over the killed one's transactions; short
        // here so the test does not wait the 15 minutes of the default.
        let gateway = try await GatewayInstance(store: store, routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
              lease: 3s
              retry: { initial_delay: 1s, max_delay: 2s }
            """)
        try await gateway.start()

        let load = try await ExternalTool.run("python3", [Self.loadClient, gateway.base, gateway.apiKey, String(Self.count), "16"], timeout: .seconds(600))
        #expect(load.status == 0, "\(load.output)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(load.output.utf8)) as? [String: Any], "\(load.output)")
        #expect(summary["accepted"] as? Int == Self.count, "every request answered 202: \(summary)")

        // Kill once a part is relayed and most is still to go.
        let killAt = ContinuousClock.now + .seconds(300)
        while Self.sequenceNumbers(sink).count < 1_000 && ContinuousClock.now < killAt { try await Task.sleep(for: .milliseconds(50)) }
        await gateway.kill()
        let beforeKill = Self.sequenceNumbers(sink).count
        #expect(beforeKill >= 1_000 && beforeKill < Self.count, "the kill came mid-run: \(beforeKill) relayed")

        try await gateway.start()
        let deadline = ContinuousClock.now + .seconds(600)
        while Set(Self.sequenceNumbers(sink)).count < Self.count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let arrived = Self.sequenceNumbers(sink)
        let distinct = Set(arrived)
        #expect(distinct == Set(0..<Self.count), "missing: \(Set(0..<Self.count).subtracting(distinct).sorted().prefix(20)) \(gateway.stderr.suffix(2000))")
        // In flight at the kill: at most `relay.concurrency` (32) transactions the upstream had accepted whose
        // completion was not yet committed.
        let duplicates = arrived.count - distinct.count
        #expect(duplicates <= 32, "duplicates \(duplicates)")
        print("relay crash test (\(store)): \(beforeKill) relayed before the kill, \(duplicates) duplicates after the restart")
        #expect(await gateway.stop() == 0, "\(gateway.stderr.suffix(2000))")
        await sink.stop()
    }
}
