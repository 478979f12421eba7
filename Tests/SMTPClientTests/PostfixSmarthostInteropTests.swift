import Foundation
import MailgateTestSupport
import SMTPClient
import SMTPProtocol
import Testing

/// The relay client against a real Postfix smtpd: mandatory STARTTLS with a verified certificate, and the
/// pipelined MAIL/RCPT group with BDAT, or with DATA when CHUNKING is not offered, which aiosmtpd (no
/// PIPELINING, no CHUNKING) never exercises.
@Suite(.serialized, .enabled(if: PostfixSmarthost.isUsable, "needs Postfix (Scripts/setup --test) and root"))
struct PostfixSmarthostInteropTests {
    @Test(arguments: [true, false])
    func pipelinedTransactionsOverMandatoryTLSWithPerRecipientVerdicts(chunking: Bool) async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        try await PostfixSmarthost.with(certificate: certificates.leaf.certificate, key: certificates.leaf.key, offerChunking: chunking) { postfix in
            let client = try SMTPRelayClient(
                upstreams: [SMTPUpstream(host: "127.0.0.1", port: postfix.port, tlsMode: .startTLS, caFile: certificates.caFile)],
                configuration: RelayFixtures.configuration())
            var message = RelayFixtures.message(["ok@dest.test", "temp@dest.test", "perm@dest.test", "ok2@dest.test"])
            message.parameters.envelopeID = "job-42"
            message.parameters.ret = .headers
            let first = await client.relay(message, size: RelayFixtures.text.utf8.count, body: RelayFixtures.body())
            let second = await client.relay(RelayFixtures.message(["ok3@dest.test"]), size: 100, body: RelayFixtures.body())
            await client.shutdown()

            #expect(RelayFixtures.codes(first) == [250, 450, 550, 250], "\(first)\n\(postfix.log())")
            #expect(RelayFixtures.codes(second) == [250], "\(second)\n\(postfix.log())")
            for recipient in ["ok@dest.test", "ok2@dest.test", "ok3@dest.test"] {
                let status = try await postfix.waitForStatus(of: recipient)
                #expect(status?.contains("status=sent") == true, "\(recipient): \(status ?? postfix.log())")
            }
            let log = postfix.log()
            #expect(log.contains("Anonymous TLS connection established") || log.contains("TLS connection established from"), "\(log)")
            #expect(log.contains("RCPT from") && log.contains("<perm@dest.test>: Recipient address rejected"), "\(log)")
            // Both messages over one session: one TLS handshake, the second message after RSET.
            #expect(log.components(separatedBy: "TLS connection established from").count - 1 == 1, "\(log)")
            // Postfix counts each command at disconnect: `bdat=n` (one per chunk and one LAST per message)
            // proves the BDAT path, `data=2` the DATA one; `rset=1` is the probe before the second message.
            let summary = try await postfix.waitForLine { $0.contains("disconnect from") } ?? ""
            #expect(summary.contains(" rset=1"), "\(summary)")
            if chunking {
                #expect(summary.contains(" bdat=") && !summary.contains(" data="), "\(summary)")
            } else {
                #expect(summary.contains(" data=2") && !summary.contains(" bdat="), "\(summary)")
            }
        }
    }

    /// The issue's "private instance with SASL over mandatory TLS": Postfix offers AUTH (Cyrus SASL, sasldb) only
    /// after STARTTLS and relays only for an authenticated client. With the right password the message is
    /// relayed over TLS; with a wrong one no transaction starts and the failure carries Postfix's 535, a
    /// temporary failure (the password may be fixed) that defers the recipients.
    @Test func saslOverMandatoryTLS() async throws {
        let directory = try TemporaryDirectory()
        let certificates = try await TestCertificates.make(in: directory)
        let account = PostfixSmarthost.Account(username: "relayuser", password: "correct horse")
        try await PostfixSmarthost.with(certificate: certificates.leaf.certificate, key: certificates.leaf.key, account: account) { postfix in
            func client(password: String) throws -> SMTPRelayClient {
                try SMTPRelayClient(
                    upstreams: [SMTPUpstream(
                        host: "127.0.0.1", port: postfix.port, tlsMode: .startTLS, caFile: certificates.caFile,
                        username: account.username, credentials: .password(password))],
                    configuration: RelayFixtures.configuration())
            }
            let right = try client(password: account.password)
            let relayed = await right.relay(RelayFixtures.message(["ok@dest.test"]), size: 100, body: RelayFixtures.body())
            await right.shutdown()
            #expect(RelayFixtures.codes(relayed) == [250], "\(relayed)\n\(postfix.log())")
            let status = try await postfix.waitForStatus(of: "ok@dest.test")
            #expect(status?.contains("status=sent") == true, "\(status ?? postfix.log())")
            let summary = try await postfix.waitForLine { $0.contains("disconnect from") } ?? ""
            #expect(summary.contains(" starttls=1") && summary.contains(" auth=1"), "\(summary)")

            let wrong = try client(password: "wrong horse")
            let refused = await wrong.relay(RelayFixtures.message(["ok2@dest.test"]), size: 100, body: RelayFixtures.body())
            await wrong.shutdown()
            let failure = try #require(RelayFixtures.failure(refused), "\(refused)")
            #expect(!failure.isPermanent)
            #expect(failure.reason == .noUpstreamAvailable)
            guard case .failed(.session(.authenticationFailed(let reply))) = failure.attempts.first?.outcome else {
                Issue.record("expected an AUTH failure, got \(failure.attempts)")
                return
            }
            #expect(reply.code == 535, "\(reply)")
            #expect(reply.enhancedCode?.description == "5.7.8", "\(reply)")
            #expect(failure.reply.lines.joined().contains("535"), "the recipients' reply names the upstream's: \(failure.reply)")
            #expect(postfix.log().contains("authentication failed"), "\(postfix.log())")
            #expect(!postfix.log().contains("to=<ok2@dest.test>"))
        }
    }
}
