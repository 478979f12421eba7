import Foundation
import MailgateTestSupport
import MetricsTestKit
import SMTPProtocol
import SMTPServer
import Testing

/// A listener with its metrics going to a `TestMetrics` factory, driven by swaks and a raw client:
/// every metric in `SMTPMetricName` moves as the sessions say it should.
@Suite(.serialized) struct SMTPMetricsTests {
    @Test func realSessionsMoveTheCounters() async throws {
        let metrics = TestMetrics()
        let server = try await SMTPTestServer.start(metrics: metrics)
        func swaks(password: String) async throws -> ExternalTool.Result {
            try await ExternalTool.run("swaks", [
                "--server", "127.0.0.1", "--port", String(server.port), "--ehlo", "client.test", "--tls",
                "--auth", "PLAIN", "--auth-user", SMTPTestServer.user, "--auth-password", password,
                "--from", "sender@example.com", "--to", "rcpt@example.net", "--body", "Counted.",
            ])
        }
        let accepted = try await swaks(password: SMTPTestServer.password)
        #expect(accepted.status == 0, "\(accepted.output)")
        let refused = try await swaks(password: "wrong")
        #expect(refused.output.contains("535 5.7.8"), "\(refused.output)")

        let raw = try RawSMTPConnection(port: server.port)
        #expect(await raw.readReply()?.hasPrefix("220") == true)
        #expect(await raw.command("EHLO raw.test")?.hasPrefix("250") == true)
        #expect(await raw.command("MAIL FROM:<a@example.com>")?.hasPrefix("530 5.7.0") == true)
        #expect(await raw.command("QUIT")?.hasPrefix("221") == true)
        try await server.stop()

        let listener = ("listener", "test")
        #expect(metrics.counterTotal(label: SMTPMetricName.sessions, dimensions: [listener]) == 3)
        #expect(try metrics.expectMeter(SMTPMetricName.activeSessions, [listener]).lastValue == 0)
        let tls = metrics.counters(label: SMTPMetricName.tlsHandshakes).filter { $0.dimensions.contains { $0 == ("result", "success") } }
        #expect(tls.map(\.totalValue).reduce(0, +) == 2)
        #expect(tls.allSatisfy { counter in counter.dimensions.contains { $0.0 == "version" && $0.1.hasPrefix("TLSv1.") } })
        #expect(metrics.counterTotal(label: SMTPMetricName.authentications, dimensions: [listener, ("mechanism", "plain"), ("result", "success")]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.authentications, dimensions: [listener, ("mechanism", "plain"), ("result", "failure")]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.acceptedMessages, dimensions: [listener]) == 1)
        let messages = try await server.acceptedMessages()
        try #require(messages.count == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.acceptedBytes, dimensions: [listener]) == Int64(messages[0].body.utf8.count))
        #expect(metrics.counterTotal(label: SMTPMetricName.rejections, dimensions: [listener, ("reason", "auth_failed")]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.rejections, dimensions: [listener, ("reason", "tls_required")]) == 1)
        #expect(metrics.counters(label: SMTPMetricName.rejections).count == 2, "\(metrics.counters(label: SMTPMetricName.rejections).map(\.dimensions))")
    }

    @Test func refusalsBeforeASessionAreCounted() async throws {
        let metrics = TestMetrics()
        let server = try await SMTPTestServer.start(
            mode: .inbound, listenerSettings: { listener in
                listener.proxyProtocol = true
                listener.proxyProtocolTrusted = [IPNetwork(cidr: "127.0.0.1")!]
                listener.maximumConnectionsPerIP = 1
            }, metrics: metrics)
        let garbage = try RawSMTPConnection(port: server.port)
        garbage.send("EHLO no-header.test\r\n")
        #expect(await garbage.readReply() == nil)
        let first = try RawSMTPConnection(port: server.port)
        first.send("PROXY TCP4 192.0.2.1 127.0.0.1 1000 25\r\n")
        #expect(await first.readReply()?.hasPrefix("220") == true)
        let second = try RawSMTPConnection(port: server.port)
        second.send("PROXY TCP4 192.0.2.1 127.0.0.1 1001 25\r\n")
        #expect(await second.readReply()?.hasPrefix("421 4.7.0") == true)
        try await server.stop()
        let listener = ("listener", "test")
        #expect(metrics.counterTotal(label: SMTPMetricName.rejections, dimensions: [listener, ("reason", "proxy_protocol")]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.rejections, dimensions: [listener, ("reason", "connection_limit")]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.refusedConnections, dimensions: [listener]) == 1)
        #expect(metrics.counterTotal(label: SMTPMetricName.sessions, dimensions: [listener]) == 1)
    }

    /// Every refusal a policy decides is counted under the reason it chose: a route's reject, a sync
    /// webhook's refusal or deferral, a `From:` refusal and a MAIL FROM refusal each land in their own label.
    @Test func policyRefusalsAreCountedUnderTheirOwnReason() async throws {
        let metrics = TestMetrics()
        let server = try await SMTPTestServer.start(mode: .inbound, metrics: metrics, policy: ScriptedMailPolicy())
        let raw = try RawSMTPConnection(port: server.port)
        #expect(await raw.readReply()?.hasPrefix("220") == true)
        #expect(await raw.command("EHLO raw.test")?.hasPrefix("250") == true)
        #expect(await raw.command("MAIL FROM:<ceo@bank.example>")?.hasPrefix("550 5.7.1") == true)
        #expect(await raw.command("MAIL FROM:<a@example.org>")?.hasPrefix("250") == true)
        #expect(await raw.command("RCPT TO:<blocked@example.com>")?.hasPrefix("550 5.7.1") == true)
        #expect(await raw.command("RCPT TO:<nobody@example.com>")?.hasPrefix("550 5.1.1") == true)
        #expect(await raw.command("RCPT TO:<ok@example.com>")?.hasPrefix("250") == true)
        for (header, reply) in [
            ("X-Case: header-route", "550 5.7.1"), ("X-Case: from", "550 5.7.1"), ("X-Case: sync-refused", "550 5.7.1"),
            ("X-Case: sync-deferred", "451 4.3.0"), ("X-Case: none", "250 2.0.0"),
        ] {
            if header != "X-Case: header-route" {
                #expect(await raw.command("MAIL FROM:<a@example.org>")?.hasPrefix("250") == true)
                #expect(await raw.command("RCPT TO:<ok@example.com>")?.hasPrefix("250") == true)
            }
            #expect(await raw.command("DATA")?.hasPrefix("354") == true)
            let answer = await raw.command("\(header)\r\nSubject: counted\r\n\r\nBody.\r\n.")
            #expect(answer?.hasPrefix(reply) == true, "\(header): \(answer ?? "no reply")")
        }
        #expect(await raw.command("QUIT")?.hasPrefix("221") == true)
        try await server.stop()

        let listener = ("listener", "test")
        let expected: [(String, Int64)] = [
            ("sender_not_owned", 1), ("route_rejected", 2), ("unknown_recipient", 1), ("from_not_owned", 1),
            ("webhook_refused", 1), ("webhook_deferred", 1),
        ]
        for (reason, count) in expected {
            #expect(metrics.counterTotal(label: SMTPMetricName.rejections, dimensions: [listener, ("reason", reason)]) == count, "\(reason)")
        }
        let labels = metrics.counters(label: SMTPMetricName.rejections).map { $0.dimensions.first { $0.0 == "reason" }?.1 ?? "" }
        #expect(Set(labels) == Set(expected.map(\.0)), "\(labels)")
        #expect(metrics.counterTotal(label: SMTPMetricName.acceptedMessages, dimensions: [listener]) == 1)
    }
}
