import Foundation
import MailgateTestSupport
import Testing

/// The real `mailgate serve` relaying through a private Postfix that requires SASL over mandatory TLS (the
/// issue's upstream): with the configured username and password the message arrives; with a wrong password the
/// recipient is deferred, its reply naming Postfix's 535.
@Suite(.serialized, .enabled(if: PostfixSmarthost.isUsable, "needs Postfix, sasl2-bin (Scripts/setup --test) and root"))
struct PostfixSASLRelayTests {
    static func gateway(postfix: PostfixSmarthost, caFile: String, password: String) async throws -> GatewayInstance {
        let gateway = try await GatewayInstance(routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(postfix.port), tls: starttls, ca_file: \(caFile), username: relayuser, password: "\(password)" }
              retry: { initial_delay: 1s, max_delay: 2s }
            """)
        try await gateway.start()
        return gateway
    }

    static func send(_ gateway: GatewayInstance, to recipient: String) async throws -> String {
        let (status, receipt) = try await SendAPITests.post(
            gateway, "/v1/messages", #"{"from": "app@example.com", "to": ["\#(recipient)"], "subject": "Via Postfix", "text": "x"}"#)
        #expect(status == 202, "\(receipt)")
        return try #require(receipt["id"] as? String)
    }

    /// The recipient's status and reply at `GET /v1/messages/{id}` once it is no longer `queued`.
    static func outcome(_ gateway: GatewayInstance, _ id: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var recipient: [String: Any] = [:]
        repeat {
            let answer = try await SendAPITests.get(gateway, "/v1/messages/\(id)")
            recipient = (SendAPITests.json(answer.body)["recipients"] as? [[String: Any]])?.first ?? [:]
            if let status = recipient["status"] as? String, status != "queued" { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return recipient
    }

    @Test func relaysWithThePasswordAndDefersWithAWrongOne() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let account = PostfixSmarthost.Account(username: "relayuser", password: "correct horse")
        try await PostfixSmarthost.with(certificate: certificates.leaf.certificate, key: certificates.leaf.key, account: account) { postfix in
            let right = try await Self.gateway(postfix: postfix, caFile: certificates.caFile, password: account.password)
            let relayed = try await Self.outcome(right, try await Self.send(right, to: "ok@dest.test"))
            await right.stop()
            #expect(relayed["status"] as? String == "relayed", "\(relayed) \(right.stderr)")
            #expect((relayed["reply"] as? [String: Any])?["code"] as? Int == 250)
            let status = try await postfix.waitForStatus(of: "ok@dest.test")
            #expect(status?.contains("status=sent") == true, "\(status ?? postfix.log())")
            let summary = try await postfix.waitForLine { $0.contains("disconnect from") } ?? ""
            #expect(summary.contains(" starttls=1") && summary.contains(" auth=1"), "\(summary)")

            let wrong = try await Self.gateway(postfix: postfix, caFile: certificates.caFile, password: "wrong horse")
            let deferred = try await Self.outcome(wrong, try await Self.send(wrong, to: "ok2@dest.test"))
            await wrong.stop()
            #expect(deferred["status"] as? String == "deferred", "\(deferred) \(wrong.stderr)")
            let reply = deferred["reply"] as? [String: Any] ?? [:]
            #expect(reply["code"] as? Int == 451)
            #expect((reply["text"] as? String)?.contains("535") == true, "the upstream's reply: \(reply)")
            #expect(postfix.log().contains("authentication failed"), "\(postfix.log())")
            #expect(!postfix.log().contains("to=<ok2@dest.test>"))
        }
    }
}
