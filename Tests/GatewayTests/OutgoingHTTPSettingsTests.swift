import Foundation
import MailgateTestSupport
import Testing

@testable import Gateway

/// `delivery.proxy`, webhook URLs as `check-config` shows them, and the warning for a webhook at an address
/// its destination policy refuses.
@Suite struct OutgoingHTTPSettingsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func load(_ extra: String) async throws(ConfigurationError) -> GatewayConfiguration {
        let path = try! directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            \(extra)
            """)
        return try await ConfigurationLoader(filePath: path, environment: [:]).load()
    }

    func route(_ url: String, _ more: String = "") -> String {
        """
        routes:
          - name: billing
            match: { domain: billing.example.com }
            webhook: { url: "\(url)", secret: whsec_dG9wc2VjcmV0\(more) }
        """
    }

    @Test func theProxyIsReadAndItsCredentialsAreNotShown() async throws {
        let configuration = try await load("delivery: { proxy: \"http://squid:pr0xy-pass@proxy.internal:3128\" }")
        #expect(configuration.delivery.proxy == "http://squid:pr0xy-pass@proxy.internal:3128")
        let rendered = EffectiveConfigurationRenderer.render(configuration, fileName: nil)
        #expect(rendered.contains("http://<redacted>@proxy.internal:3128"), "\(rendered)")
        #expect(!rendered.contains("pr0xy-pass"))
        #expect(try await load("").delivery.proxy == nil, "direct connections by default")
    }

    @Test(arguments: [
        ("https://proxy.internal:3128", "is not an http:// proxy URL"),
        ("socks5://proxy.internal:1080", "is not an http:// proxy URL"),
        ("http://proxy.internal", "names no port"),
        ("http://proxy.internal:3128/path?q=1", "a proxy is only a host and a port"),
    ])
    func aProxyThatIsNotHostAndPortIsRefused(proxy: String, message: String) async {
        do {
            _ = try await load("delivery: { proxy: \"\(proxy)\" }")
            Issue.record("expected \(proxy) to be refused")
        } catch {
            #expect(error.problems.contains { $0.key == "delivery.proxy" && $0.message.contains(message) }, "\(error)")
        }
    }

    @Test func aWebhookURLsQueryIsNotShown() async throws {
        let configuration = try await load(route("https://hooks.example.com/mail?token=tok-s3cret"))
        let rendered = EffectiveConfigurationRenderer.render(configuration, fileName: nil)
        #expect(rendered.contains("https://hooks.example.com/mail?<redacted>"), "\(rendered)")
        #expect(!rendered.contains("tok-s3cret"))
        #expect(configuration.routes.first?.webhooks.first?.url == "https://hooks.example.com/mail?token=tok-s3cret", "used as given")
    }

    @Test(arguments: [
        ("http://10.0.0.1/hooks", "", "10.0.0.1"),
        ("http://169.254.169.254/latest", "", "169.254.169.254"),
        ("http://[::ffff:127.0.0.1]:8080/x", ", allow_private: true", "::ffff:127.0.0.1"),
        ("http://[2002:a9fe:a9fe::1]/x", ", allow_private: true", "2002:a9fe:a9fe::1"),
    ])
    func aLiteralAddressThePolicyRefusesIsAWarning(url: String, allow: String, address: String) async throws {
        let configuration = try await load(route(url, allow))
        let warning = try #require(configuration.warnings.first, "a warning, not an error")
        #expect(warning.key == "routes.0.webhook.url")
        #expect(warning.message.contains("route billing"))
        #expect(warning.message.contains(address))
        #expect(warning.message.contains("fails at once"))
    }

    @Test(arguments: [
        ("https://hooks.example.com/mail", ""), ("http://10.0.0.1/hooks", ", allow_private: true"),
        ("http://169.254.169.254/x", ", allow_link_local: true"), ("https://8.8.8.8/x", ""),
    ])
    func nothingToWarnAbout(url: String, allow: String) async throws {
        #expect(try await load(route(url, allow)).warnings.isEmpty)
    }

    @Test func theFailureAndEventWebhooksAreCheckedToo() async throws {
        let configuration = try await load("""
            delivery:
              failure_webhook: { url: "http://192.168.1.10/failed", secret: whsec_dG9wc2VjcmV0 }
            events:
              webhooks:
                - { url: "http://127.0.0.1:9000/events", secret: whsec_dG9wc2VjcmV0 }
            """)
        #expect(Set(configuration.warnings.compactMap(\.key)) == ["delivery.failure_webhook.url", "events.webhooks.0.url"])
    }
}
