import Inbound
import MailgateTestSupport
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
        #expect(configuration.smtp.senders == [SenderRule(owner: "alice", allow: ["*@example.com", "alerts@other.org"])])
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

    /// A configuration file holds users to their own senders unless it says otherwise; the development
    /// instance (no file) lets them use any.
    @Test func theSenderDefaultIsOwnWithAFileAndAnyWithout() async throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("mailgate.yaml", """
            smtp:
              tls: { certificate: /c.pem, key: /k.pem }
              users_file: /u
            """)
        #expect(try await ConfigurationLoader(filePath: file, environment: [:]).load().smtp.senderDefault == .own)
        let production = ["MAILGATE_PROFILE": "production", "MAILGATE_SMTP_SUBMISSION_ENABLED": "false", "MAILGATE_SMTP_SUBMISSIONS_ENABLED": "false"]
        #expect(try await ConfigurationLoader(filePath: nil, environment: production).load().smtp.senderDefault == .own)
        #expect(try await ConfigurationLoader(filePath: nil, environment: [:]).load().smtp.senderDefault == .any)
        let chosen = ConfigurationLoader(filePath: file, environment: ["MAILGATE_SMTP_SENDER_DEFAULT": "any"])
        #expect(try await chosen.load().smtp.senderDefault == .any)
        do {
            _ = try await ConfigurationLoader(filePath: file, environment: ["MAILGATE_SMTP_SENDER_DEFAULT": "mine"]).load()
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.description).joined().contains("smtp.sender_default: \"mine\" is not one of: own, any"))
        }
    }
}
