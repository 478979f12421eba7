import MailgateTestSupport
import SMTPProtocol
import Testing

@testable import Gateway

@Suite struct SenderPolicyTests {
    @Test func rulesComeFromTheConfiguration() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("mailgate.yaml", """
            smtp:
              tls: { certificate: /c.pem, key: /k.pem }
              users_file: /u
              senders:
                - { user: alice, allow: ["*@example.com", "alerts@other.org"] }
            """)
        let configuration = try await ConfigurationLoader(filePath: file, environment: [:]).load()
        #expect(configuration.smtp.senders == [SenderRule(user: "alice", allow: ["*@example.com", "alerts@other.org"])])

        let policy = SMTPListenerFactory.senderPolicy(configuration.smtp.senders)
        func path(_ address: String) -> SMTPReversePath {
            let at = address.lastIndex(of: "@")!
            return .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...])))
        }
        #expect(policy(path("me@example.com"), "alice") == nil)
        #expect(policy(path("alerts@other.org"), "alice") == nil)
        #expect(policy(path("ceo@bank.example"), "alice")?.code == 550)
        #expect(policy(.null, "alice")?.enhancedCode?.description == "5.7.1")
        #expect(policy(path("anyone@anywhere.example"), "bob") == nil, "users without a rule may use any sender")
    }

    @Test func aRuleNeedsAUserAndPatterns() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("mailgate.yaml", """
            smtp:
              tls: { certificate: /c.pem, key: /k.pem }
              users_file: /u
              senders:
                - { user: alice }
                - { allow: ["*@x.org"] }
                - { user: alice, allow: ["*@y.org"] }
            """)
        do {
            _ = try await ConfigurationLoader(filePath: file, environment: [:]).load()
            Issue.record("expected an error")
        } catch {
            let problems = error.problems.map(\.description).joined(separator: "\n")
            #expect(problems.contains("smtp.senders.0.allow: list the sender address patterns"))
            #expect(problems.contains("smtp.senders.1.user: every sender rule names a user"))
            #expect(problems.contains("smtp.senders.2.user: user alice has two sender rules"))
        }
    }
}
