import Foundation
import MailgateTestSupport
import MetricsTestKit
import NIOCore
import SMTPClient
import SMTPProtocol
import TLS
import Testing

/// The relay client against a real smarthost (aiosmtpd) that injects one fault per test.
@Suite(.serialized)
struct SMTPRelayClientTests {
    @Test func eachRecipientGetsItsOwnReplyAndTheBodyArrivesIntact() async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)], configuration: RelayFixtures.configuration())
        let result = await client.relay(
            RelayFixtures.message(["ok@dest.test", "temp@dest.test", "perm@dest.test"], body: .eightBitMIME),
            size: RelayFixtures.text.utf8.count, body: RelayFixtures.body())
        await client.shutdown()

        #expect(RelayFixtures.codes(result) == [250, 450, 550])
        guard case .replied(let report) = result else { Issue.record("not replied: \(result)"); return }
        #expect(report.upstream == "127.0.0.1:\(upstream.port)")
        #expect(report.results.map(\.isTransient) == [false, true, false])
        let messages = upstream.messages
        #expect(messages.count == 1)
        #expect(messages.first?["rcpt_tos"] as? [String] == ["ok@dest.test"])
        #expect(messages.first?["content"] as? String == RelayFixtures.text, "dot-stuffing undone by the server gives the same bytes")
        let options = (messages.first?["mail_options"] as? [String]) ?? []
        #expect(options.contains("SIZE=\(RelayFixtures.text.utf8.count)"))
        #expect(options.contains("BODY=8BITMIME"))
    }

    @Test func anUpstreamThatIsDownIsPassedOverForTheNext() async throws {
        let directory = try TemporaryDirectory()
        let downPort = try LoopbackPort.free()
        let second = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [
                SMTPUpstream(host: "127.0.0.1", port: downPort, tlsMode: .none, priority: 0),
                SMTPUpstream(host: "127.0.0.1", port: second.port, tlsMode: .none, priority: 10),
            ], configuration: RelayFixtures.configuration())
        let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
        await client.shutdown()

        guard case .replied(let report) = result else { Issue.record("not replied: \(result)"); return }
        #expect(report.upstream == "127.0.0.1:\(second.port)")
        #expect(report.skipped.map(\.upstream) == ["127.0.0.1:\(downPort)"])
        if case .failed(.connectFailed) = report.skipped.first?.outcome {} else { Issue.record("\(report.skipped)") }
        #expect(second.messages.count == 1)
    }

    @Test func everyUpstreamDownIsTemporaryAndTheCircuitSkipsThenProbes() async throws {
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        let clock = ManualClock()
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: port, tlsMode: .none)], configuration: RelayFixtures.configuration(),
            now: { clock.now })
        let read = BodyReadFlag()

        let first = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body(read: read)))
        #expect(first?.reason == .noUpstreamAvailable)
        #expect(first?.isPermanent == false)
        #expect(first?.reply.code == 451)
        #expect(!read.wasRead)

        // The upstream comes back, but its circuit is open: it is not even tried until the back-off passes.
        let upstream = try await AiosmtpdUpstream(in: directory, port: port)
        let skipped = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body()))
        #expect(skipped?.attempts.map(\.outcome) == [.circuitOpen])
        #expect(upstream.count("connect") == 0)

        clock.advance(by: .seconds(31))
        let probed = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body())
        await client.shutdown()
        #expect(RelayFixtures.codes(probed) == [250])
        #expect(upstream.messages.count == 1)
    }

    @Test(arguments: ["greeting-421", "mail-421"])
    func a421MovesToTheNextUpstreamAtOnce(mode: String) async throws {
        let directory = try TemporaryDirectory()
        let busy = try await AiosmtpdUpstream(["--mode", mode], in: directory)
        let second = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [
                SMTPUpstream(host: "127.0.0.1", port: busy.port, tlsMode: .none, priority: 0),
                SMTPUpstream(host: "127.0.0.1", port: second.port, tlsMode: .none, priority: 1),
            ], configuration: RelayFixtures.configuration())
        let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
        await client.shutdown()
        guard case .replied(let report) = result else { Issue.record("not replied: \(result)"); return }
        #expect(report.upstream == "127.0.0.1:\(second.port)")
        #expect(report.skipped.count == 1)
        #expect(busy.messages.isEmpty)
        #expect(second.messages.count == 1)
    }

    @Test func aSlowGreetingTimesOut() async throws {
        let directory = try TemporaryDirectory()
        let slow = try await AiosmtpdUpstream(["--mode", "slow-greeting"], in: directory)
        var timeouts = RelayFixtures.shortTimeouts
        timeouts.greeting = .milliseconds(300)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: slow.port, tlsMode: .none)], configuration: RelayFixtures.configuration(timeouts: timeouts))
        let started = ContinuousClock.now
        let failure = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body()))
        await client.shutdown()
        #expect(failure?.attempts.map(\.outcome) == [.failed(.session(.timeout))])
        #expect(failure?.isPermanent == false)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aConnectionDroppedDuringDataIsTemporaryAndNeverRelayedElsewhere() async throws {
        let directory = try TemporaryDirectory()
        let dropping = try await AiosmtpdUpstream(["--mode", "drop-in-data"], in: directory)
        let second = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [
                SMTPUpstream(host: "127.0.0.1", port: dropping.port, tlsMode: .none, priority: 0),
                SMTPUpstream(host: "127.0.0.1", port: second.port, tlsMode: .none, priority: 1),
            ], configuration: RelayFixtures.configuration())
        let long = String(repeating: "A line of the body that goes on for a while.\r\n", count: 2000)
        let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: long.utf8.count, body: RelayFixtures.body(long, chunkSize: 4096))
        await client.shutdown()
        let failure = RelayFixtures.failure(result)
        #expect(failure?.isPermanent == false)
        #expect(failure?.upstream == "127.0.0.1:\(dropping.port)")
        if case .transactionFailed = failure?.reason {} else { Issue.record("expected transactionFailed, got \(result)") }
        #expect(dropping.count("dropped") == 1)
        #expect(dropping.messages.isEmpty && second.messages.isEmpty)
    }

    @Test func aCertificateForAnotherHostIsRefusedAndNothingGoesInPlaintext() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let upstream = try await AiosmtpdUpstream(
            ["--starttls", "--cert", certificates.wrongHost.certificate, "--key", certificates.wrongHost.key], in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .startTLS, caFile: certificates.caFile)],
            configuration: RelayFixtures.configuration())
        let read = BodyReadFlag()
        let failure = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body(read: read)))
        await client.shutdown()
        guard case .failed(.tls(.certificateVerificationFailed)) = failure?.attempts.first?.outcome else {
            Issue.record("expected a certificate verification failure, got \(String(describing: failure))")
            return
        }
        #expect(failure?.isPermanent == false)
        #expect(!read.wasRead)
        #expect(upstream.messages.isEmpty)
    }

    @Test func startTLSRequiredButNotOfferedNeverFallsBackToPlaintext() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .startTLS, caFile: certificates.caFile)],
            configuration: RelayFixtures.configuration())
        let failure = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 10, body: RelayFixtures.body()))
        await client.shutdown()
        #expect(failure?.attempts.map(\.outcome) == [.failed(.session(.tlsUnavailable))])
        #expect(upstream.messages.isEmpty)
    }

    @Test func authenticatesOverSTARTTLSWithAPasswordOrAnOAuthToken() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let upstream = try await AiosmtpdUpstream(
            ["--starttls", "--cert", certificates.leaf.certificate, "--key", certificates.leaf.key, "--auth", "relay-user:s3cret", "--token", "tok-1"],
            in: directory)
        let credentials: [(SMTPCredentialProvider, Bool)] = [
            (.password("s3cret"), true),
            (SMTPCredentialProvider(kind: .oauth2Token, name: "token") { "tok-1" }, true),
            (.password("wrong"), false),
            (SMTPCredentialProvider(kind: .oauth2Token, name: "expired") { "tok-0" }, false),
        ]
        for (provider, accepted) in credentials {
            let client = try SMTPRelayClient(
                upstreams: [
                    SMTPUpstream(
                        host: "127.0.0.1", port: upstream.port, tlsMode: .startTLS, caFile: certificates.caFile, username: "relay-user",
                        credentials: provider)
                ], configuration: RelayFixtures.configuration())
            let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
            await client.shutdown()
            if accepted {
                #expect(RelayFixtures.codes(result) == [250], "\(provider.name): \(result)")
            } else {
                // Refused credentials never relay. aiosmtpd answers a bad XOAUTH2 token with 535 or, when the
                // error challenge races its close, by dropping the connection: either is a refusal.
                guard let failure = RelayFixtures.failure(result) else {
                    Issue.record("\(provider.name): expected a refusal, got \(result)")
                    continue
                }
                if case .failed(.session(.authenticationFailed(let reply))) = failure.attempts.first?.outcome {
                    #expect(reply.code == 535)
                } else {
                    #expect(provider.kind == .oauth2Token, "\(provider.name): a wrong password must get 535, got \(result)")
                }
            }
        }
        let messages = upstream.messages
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0["tls"] as? Bool == true && $0["login"] as? String == "relay-user" })
    }

    @Test func implicitTLSOnTheFirstByte() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let upstream = try await AiosmtpdUpstream(
            ["--implicit-tls", "--cert", certificates.leaf.certificate, "--key", certificates.leaf.key], in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .implicit, caFile: certificates.caFile)],
            configuration: RelayFixtures.configuration())
        let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
        await client.shutdown()
        #expect(RelayFixtures.codes(result) == [250], "\(result)")
        #expect(upstream.messages.count == 1)
    }

    @Test func aMessageOverTheServersSizeFailsPermanentlyWithoutSending() async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(["--size", "100"], in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)], configuration: RelayFixtures.configuration())
        let read = BodyReadFlag()
        let big = String(repeating: "x", count: 1000) + "\r\n"
        let failure = RelayFixtures.failure(
            await client.relay(RelayFixtures.message(["ok@dest.test"]), size: big.utf8.count, body: RelayFixtures.body(big, read: read)))
        #expect(failure?.reason == .refused(.sizeExceeded(limit: 100)))
        #expect(failure?.isPermanent == true)
        #expect(failure?.reply.code == 552)
        #expect(!read.wasRead)

        // The refusal left the session healthy: the next message goes over the same connection.
        let small = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 20, body: RelayFixtures.body("Subject: s\r\n\r\nhi\r\n"))
        await client.shutdown()
        #expect(RelayFixtures.codes(small) == [250])
        #expect(upstream.count("connect") == 1)
    }

    @Test(arguments: [true, false])
    func anSMTPUTF8AddressNeedsAServerThatOffersIt(offered: Bool) async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(offered ? [] : ["--no-smtputf8"], in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)], configuration: RelayFixtures.configuration())
        let result = await client.relay(RelayFixtures.message(["jörg@dest.test"]), size: 100, body: RelayFixtures.body())
        await client.shutdown()
        if offered {
            #expect(RelayFixtures.codes(result) == [250])
            #expect(((upstream.messages.first?["mail_options"] as? [String]) ?? []).contains("SMTPUTF8"))
        } else {
            let failure = RelayFixtures.failure(result)
            #expect(failure?.reason == .refused(.smtpUTF8Unsupported))
            #expect(failure?.isPermanent == true)
            #expect(failure?.reply.enhancedCode?.description == "5.6.7")
            #expect(upstream.messages.isEmpty)
        }
    }

    @Test func pooledConnectionsCarrySeveralMessagesWithRSETBetween() async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)],
            configuration: RelayFixtures.configuration(pool: SMTPConnectionPoolConfiguration(maxConnections: 2, maxMessagesPerConnection: 3)))
        for index in 0..<4 {
            let result = await client.relay(RelayFixtures.message(["ok\(index)@dest.test"]), size: 100, body: RelayFixtures.body())
            #expect(RelayFixtures.codes(result) == [250])
        }
        // Three messages on the first connection (two RSETs), the fourth on a new one.
        #expect(upstream.count("connect") == 2)
        #expect(upstream.count("rset") == 2)
        #expect(upstream.messages.count == 4)
        #expect(Set(upstream.messages.prefix(3).map { $0["peer"] as? Int }).count == 1)
        #expect(await client.poolSizes().first?.idle == 1)
        await client.shutdown()
        #expect(await client.poolSizes().first?.open == 0)
        let afterShutdown = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body()))
        #expect(afterShutdown?.reason == .shutDown)
    }

    @Test func concurrentRelaysShareAtMostMaxConnections() async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)],
            configuration: RelayFixtures.configuration(pool: SMTPConnectionPoolConfiguration(maxConnections: 2)))
        let codes = await withTaskGroup(of: [Int].self) { group in
            for index in 0..<8 {
                group.addTask { RelayFixtures.codes(await client.relay(RelayFixtures.message(["ok\(index)@dest.test"]), size: 100, body: RelayFixtures.body())) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        await client.shutdown()
        #expect(codes.allSatisfy { $0 == [250] })
        #expect(upstream.messages.count == 8)
        #expect(upstream.count("connect") <= 2)
    }

    @Test func aFinalReplyThatNeverComesTimesOutAsATemporaryFailure() async throws {
        let directory = try TemporaryDirectory()
        let slow = try await AiosmtpdUpstream(["--mode", "slow-dot"], in: directory)
        var timeouts = RelayFixtures.shortTimeouts
        timeouts.dataTermination = .milliseconds(500)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: slow.port, tlsMode: .none)], configuration: RelayFixtures.configuration(timeouts: timeouts))
        let result = await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
        await client.shutdown()
        let failure = RelayFixtures.failure(result)
        #expect(failure?.reason == .transactionFailed(.session(.timeout)))
        #expect(failure?.isPermanent == false)
        #expect(failure?.reply.code == 451)
    }

    @Test func anIdleConnectionIsClosedWithQUITAfterTheIdleTimeout() async throws {
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)],
            configuration: RelayFixtures.configuration(pool: SMTPConnectionPoolConfiguration(idleTimeout: .seconds(2))))
        #expect(RelayFixtures.codes(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())) == [250])
        #expect(await client.poolSizes().first?.idle == 1)
        let deadline = ContinuousClock.now + .seconds(10)
        while upstream.count("quit") == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(upstream.count("quit") == 1)
        #expect(await client.poolSizes().first?.open == 0)
        #expect(RelayFixtures.codes(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())) == [250])
        await client.shutdown()
        #expect(upstream.count("connect") == 2)
        #expect(upstream.count("rset") == 0, "a new connection needs no RSET")
    }

    @Test func metricsPerUpstream() async throws {
        let directory = try TemporaryDirectory()
        let metrics = TestMetrics()
        let downPort = try LoopbackPort.free()
        let second = try await AiosmtpdUpstream(in: directory)
        let down = "127.0.0.1:\(downPort)"
        let up = "127.0.0.1:\(second.port)"
        let client = try SMTPRelayClient(
            upstreams: [
                SMTPUpstream(host: "127.0.0.1", port: downPort, tlsMode: .none, priority: 0),
                SMTPUpstream(host: "127.0.0.1", port: second.port, tlsMode: .none, priority: 1),
            ], configuration: RelayFixtures.configuration(), metricsFactory: metrics)
        for _ in 0..<2 {
            #expect(RelayFixtures.codes(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())) == [250])
        }
        let attempts = SMTPClientMetricName.attempts
        #expect(try metrics.expectCounter(attempts, [("upstream", down), ("result", "connect_failed")]).totalValue == 1)
        #expect(try metrics.expectCounter(attempts, [("upstream", down), ("result", "skipped")]).totalValue == 1, "the open circuit")
        #expect(try metrics.expectCounter(attempts, [("upstream", up), ("result", "replied")]).totalValue == 2)
        #expect(try metrics.expectGauge(SMTPClientMetricName.circuitState, [("upstream", down)]).lastValue == 2)
        #expect(try metrics.expectGauge(SMTPClientMetricName.circuitState, [("upstream", up)]).lastValue == 0)
        #expect(try metrics.expectGauge(SMTPClientMetricName.poolConnections, [("upstream", up), ("state", "idle")]).lastValue == 1)
        #expect(try metrics.expectTimer(SMTPClientMetricName.relayDuration, [("upstream", up)]).values.count == 2)
        await client.shutdown()
        #expect(try metrics.expectGauge(SMTPClientMetricName.poolConnections, [("upstream", up), ("state", "open")]).lastValue == 0)
    }

    @Test func aBodyThatCannotBeReadIsNeverEndedSoNothingTruncatedIsDelivered() async throws {
        struct StoreFailed: Error {}
        let directory = try TemporaryDirectory()
        let upstream = try await AiosmtpdUpstream(in: directory)
        let client = try SMTPRelayClient(
            upstreams: [SMTPUpstream(host: "127.0.0.1", port: upstream.port, tlsMode: .none)], configuration: RelayFixtures.configuration())
        let (body, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        continuation.yield(ByteBuffer(string: "Subject: half\r\n\r\nthe first half\r\n"))
        continuation.yield(ByteBuffer(string: "and a second chunk\r\n"))
        continuation.finish(throwing: StoreFailed())
        let failure = RelayFixtures.failure(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: body))
        #expect(failure?.isPermanent == false)
        guard case .transactionFailed(.bodyUnavailable) = failure?.reason else {
            Issue.record("expected bodyUnavailable, got \(String(describing: failure))")
            return
        }
        // The session was closed, not reused: the next message opens a new one.
        #expect(RelayFixtures.codes(await client.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())) == [250])
        await client.shutdown()
        #expect(upstream.messages.count == 1, "only the complete message")
        #expect(upstream.messages.first?["content"] as? String == RelayFixtures.text)
        #expect(upstream.count("connect") == 2)
    }
}
