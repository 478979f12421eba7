import Foundation
import MailgateTestSupport
import Testing

/// The setup the outbound end-to-end tests share: an aiosmtpd sink (`SMTPSink`) as the upstream and a real
/// `mailgate serve` relaying to it, with the `onward` route sending SMTP submissions for example.net to the relay;
/// and the waits they all need (the sink's transactions, a message's recipient statuses).
final class SinkRelay {
    let sink: SMTPSink
    let gateway: GatewayInstance

    /// - Parameters:
    ///   - sevenBit: the sink withholds 8BITMIME.
    ///   - routes: more routes after `onward`, each line indented by two spaces.
    ///   - relay: more keys of the `relay` mapping, each line indented by two spaces.
    ///   - more: more top-level keys of the configuration.
    ///   - httpTLS: the API over TLS (`GatewayInstance`'s `httpTLS`).
    init(
        directory: TemporaryDirectory, sevenBit: Bool = false, store: GatewayInstance.Store = .sqlite, routes: String = "",
        relay: String = "", more: String = "", httpTLS: Bool = false
    ) async throws {
        sink = try SMTPSink(directory: directory.path, sevenBit: sevenBit)
        try await sink.start()
        gateway = try await GatewayInstance(store: store, routes: """
            routes:
              - { name: onward, match: { domain: "example.net" }, action: relay }
            \(routes)
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            \(relay)
            \(more)
            """, httpTLS: httpTLS)
        try await gateway.start()
    }

    func stop() async {
        await gateway.stop()
        await sink.stop()
    }

    /// The sink's transactions once there are `count` of them, or whatever arrived within `limit`.
    func transactions(count: Int, within limit: Duration = .seconds(30)) async throws -> [SMTPSink.Transaction] {
        let deadline = ContinuousClock.now + limit
        while sink.transactions().count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        return sink.transactions()
    }

    /// The id in an SMTP `250 … queued as ID` reply (swaks or smtplib output).
    static func queuedID(_ output: String) throws -> String {
        String(try #require(output.range(of: "queued as ").map { output[$0.upperBound...].prefix { !$0.isWhitespace && $0 != "'" } }, "\(output)"))
    }

    /// Each recipient's status at `GET /v1/messages/{id}`, polled until `done` holds or `limit` passes.
    func statuses(
        of id: String, within limit: Duration = .seconds(20), until done: ([String: String]) -> Bool
    ) async throws -> [String: String] {
        let deadline = ContinuousClock.now + limit
        var statuses: [String: String] = [:]
        repeat {
            let answer = try #require(try await TestNetwork.request(
                "GET", gateway.base + "/v1/messages/\(id)", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
            let recipients = SendAPITests.json(answer.body)["recipients"] as? [[String: Any]] ?? []
            statuses = Dictionary(uniqueKeysWithValues: recipients.map { ($0["address"] as? String ?? "", $0["status"] as? String ?? "") })
            if done(statuses) { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return statuses
    }
}
