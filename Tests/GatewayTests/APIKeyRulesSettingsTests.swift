import HTTPAPI
import MailgateTestSupport
import Testing

@testable import Gateway

/// `http.key_senders` and `http.rate_limits` read from the file: the rules, the defaults a key inherits, and
/// the mistakes that are reported.
@Suite struct APIKeyRulesSettingsTests {
    static func load(_ http: String) async throws -> GatewayConfiguration {
        let directory = try TemporaryDirectory()
        let file = try directory.write("mailgate.yaml", """
            smtp:
              tls: { certificate: /c.pem, key: /k.pem }
              users_file: /u
            http:
            \(http)
            """)
        return try await ConfigurationLoader(filePath: file, environment: [:]).load()
    }

    @Test func rulesAndLimitsComeFromTheConfiguration() async throws {
        let configuration = try await Self.load("""
              key_senders:
                - { key: billing, allow: ["*@billing.example.com"] }
              rate_limits:
                requests_per_second: 10
                recipients_per_hour: 1000
                keys:
                  - { key: billing, requests_per_second: 2 }
                  - { key: bulk, recipients_per_hour: 0 }
            """)
        let http = configuration.http
        #expect(http.keySenders == [SenderRule(owner: "billing", allow: ["*@billing.example.com"])])
        #expect(http.rateLimits.defaults == .init(requestsPerSecond: 10, recipientsPerHour: 1000))
        #expect(http.rateLimits.keys["billing"] == .init(requestsPerSecond: 2, recipientsPerHour: 1000))
        #expect(http.rateLimits.keys["bulk"] == .init(requestsPerSecond: 10, recipientsPerHour: 0))

        let rules = APIKeyRulesFactory.rules(http)
        #expect(rules.rateLimits.defaults == .init(requests: .perSecond(10), recipients: .perHour(1000)))
        #expect(rules.rateLimits.keys["bulk"] == .init(requests: .perSecond(10), recipients: nil), "0 is no limit")
    }

    @Test func withoutThemThereIsNoLimit() async throws {
        let configuration = try await Self.load("  port: 8080")
        #expect(configuration.http.keySenders.isEmpty)
        #expect(APIKeyRulesFactory.rules(configuration.http).rateLimits == APIRateLimits())
    }

    @Test func mistakesAreReported() async throws {
        do {
            _ = try await Self.load("""
                  key_senders:
                    - { key: billing }
                    - { key: billing, allow: ["*@x.org"] }
                  rate_limits:
                    requests_per_second: -1
                    keys:
                      - { requests_per_second: 2 }
                      - { key: a, recipients_per_hour: many }
                """)
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            let problems = error.problems.map(\.description).joined(separator: "\n")
            #expect(problems.contains("http.key_senders.0.allow: list the sender address patterns the key may use"), "\(problems)")
            #expect(problems.contains("http.key_senders.1.key: key billing has two sender rules"), "\(problems)")
            #expect(problems.contains("http.rate_limits.requests_per_second: -1 is out of range"), "\(problems)")
            #expect(problems.contains("http.rate_limits.keys.0.key: every rate limit names a key"), "\(problems)")
            #expect(problems.contains("http.rate_limits.keys.1.recipients_per_hour: \"many\" is not a whole number"), "\(problems)")
        }
    }
}
