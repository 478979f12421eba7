import Foundation
import MailgateTestSupport
import Testing
import Webhooks

@testable import Gateway

/// The loader against real files and environments: layering, secrets, and every kind of error with the
/// message an operator sees.
@Suite struct ConfigurationLoaderTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A complete production file; tests append to or override it.
    func productionFile(_ extra: String = "") -> String {
        """
        hostname: mail.example.com
        smtp:
          tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
          users_file: /etc/mailgate/users
        \(extra)
        """
    }

    func load(_ yaml: String?, environment: [String: String] = [:]) async throws(ConfigurationError) -> GatewayConfiguration {
        let path = yaml.map { try! directory.write("mailgate.yaml", $0) }
        return try await ConfigurationLoader(filePath: path, environment: environment).load()
    }

    func problems(_ yaml: String?, environment: [String: String] = [:]) async -> [String] {
        do {
            _ = try await load(yaml, environment: environment)
            Issue.record("expected the configuration to be refused")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    // MARK: values from each layer

    @Test func readsTheDesignDocumentShape() async throws {
        let configuration = try await load("""
            hostname: mail.example.com
            smtp:
              submission:  { address: 0.0.0.0, port: 587 }
              submissions: { address: 0.0.0.0, port: 465 }
              inbound:     { enabled: false, address: 0.0.0.0, port: 25 }
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
              max_message_size: 26214400
              max_recipients: 100
            http:
              address: 0.0.0.0
              port: 8080
              api_keys_file: /etc/mailgate/api-keys
            routes:
              - name: support
                match: { recipient: "*@support.example.com" }
                webhook: { url: "https://app.internal/hooks/mail", secret: "whsec_YWJj", mode: queued, timeout: 15s }
            relay:
              upstream: { host: smtp.example.net, port: 587, tls: starttls, username: u, password: p }
            storage:
              url: "sqlite:///var/lib/mailgate/mailgate.db"
            """)
        #expect(configuration.profile == .production)
        #expect(configuration.hostname == "mail.example.com")
        #expect(configuration.smtp.submission == ListenerSettings(enabled: true, address: "0.0.0.0", port: 587))
        #expect(configuration.smtp.submissions.port == 465)
        #expect(configuration.smtp.inbound.enabled == false)
        #expect(configuration.smtp.tls == TLSFileSettings(certificatePath: "/etc/mailgate/tls.crt", keyPath: "/etc/mailgate/tls.key"))
        #expect(configuration.smtp.maxMessageSize.bytes == 26_214_400)
        #expect(configuration.http.apiKeysFile == "/etc/mailgate/api-keys")
        #expect(configuration.routes.count == 1)
        #expect(configuration.routes[0].name == "support")
        #expect(configuration.routes[0].match.recipient == "*@support.example.com")
        #expect(configuration.routes[0].webhook?.secrets == [try WebhookSecret("whsec_YWJj")])
        #expect(configuration.routes[0].webhook?.mode == .queued)
        #expect(configuration.routes[0].webhook?.timeout.milliseconds == 15_000)
        #expect(configuration.relay?.upstreams == [
            UpstreamSettings(
                host: "smtp.example.net", port: 587, security: .starttls, caFile: nil, username: "u", password: "p",
                xoauth2TokenFile: nil, priority: 10)
        ])
        #expect(configuration.relay?.horizon.duration == .seconds(5 * 24 * 3600))
        #expect(configuration.storage.backend == .sqlite(path: "/var/lib/mailgate/mailgate.db"))
    }

    @Test func productionDefaultsBindEverywhereOnStandardPorts() async throws {
        let configuration = try await load(productionFile())
        #expect(configuration.smtp.submission == ListenerSettings(enabled: true, address: "0.0.0.0", port: 587))
        #expect(configuration.smtp.submissions == ListenerSettings(enabled: true, address: "0.0.0.0", port: 465))
        #expect(configuration.http.listener.port == 8080)
        #expect(configuration.smtp.maxMessageSize.bytes == 25 << 20)
        #expect(configuration.smtp.maxRecipients == 100)
        #expect(configuration.storage.backend == .sqlite(path: "/var/lib/mailgate/mailgate.db"))
        #expect(configuration.relay == nil)
        #expect(configuration.log == LogSettings(level: .info, format: .logfmt))
    }

    @Test func developmentDefaultsAreLoopbackAndUnprivileged() async throws {
        let configuration = try await load(nil)
        #expect(configuration.profile == .development)
        #expect(configuration.enabledListeners.allSatisfy { $0.settings.isLoopback })
        #expect(configuration.smtp.submission.port == 2587)
        #expect(configuration.smtp.submissions.port == 2465)
        #expect(configuration.http.listener.port == 8080)
        #expect(configuration.dataDirectory == "./mailgate-data")
        #expect(configuration.smtp.tls?.certificatePath == "./mailgate-data/tls.crt")
        #expect(configuration.smtp.usersFile == "./mailgate-data/users")
        #expect(configuration.storage.backend == .sqlite(path: "./mailgate-data/mailgate.db"))
    }

    @Test func configFileComesFromTheEnvironmentWhenNotGiven() async throws {
        let path = try directory.write("from-env.yaml", productionFile())
        let loader = ConfigurationLoader(filePath: nil, environment: ["MAILGATE_CONFIG": path])
        #expect(loader.filePath == path)
        #expect(try await loader.load().profile == .production)
    }

    @Test func environmentOverridesTheFile() async throws {
        let configuration = try await load(
            productionFile("http: { port: 8080 }\nlog: { level: info }"),
            environment: [
                "MAILGATE_HTTP_PORT": "9000",
                "MAILGATE_LOG_LEVEL": "debug",
                "MAILGATE_SMTP_MAX_MESSAGE_SIZE": "10MiB",
                "MAILGATE_SMTP_SUBMISSION_ENABLED": "false",
                "PATH": "/usr/bin",
            ])
        #expect(configuration.http.listener.port == 9000)
        #expect(configuration.log.level == .debug)
        #expect(configuration.smtp.maxMessageSize.bytes == 10 << 20)
        #expect(configuration.smtp.submission.enabled == false)
        let port = configuration.effective.first { $0.key == "http.port" }
        #expect(port?.source == .environment("MAILGATE_HTTP_PORT"))
    }

    @Test func environmentCanOverrideAndAddRoutes() async throws {
        let configuration = try await load(
            productionFile("routes:\n  - name: a\n    webhook: { url: \"https://a.example/hook\", secret: whsec_YQ== }"),
            environment: [
                "MAILGATE_ROUTES_0_WEBHOOK_URL": "https://override.example/hook",
                "MAILGATE_ROUTES_1_NAME": "b",
                "MAILGATE_ROUTES_1_WEBHOOK_URL": "https://b.example/hook",
                "MAILGATE_ROUTES_1_WEBHOOK_MODE": "sync",
                "MAILGATE_ROUTES_1_WEBHOOK_SECRET": "plain-shared-secret",
            ])
        #expect(configuration.routes.map(\.name) == ["a", "b"])
        #expect(configuration.routes[0].webhook?.url == "https://override.example/hook")
        #expect(configuration.routes[1].webhook?.mode == .sync)
    }

    @Test func environmentAloneConfiguresADevelopmentInstance() async throws {
        let configuration = try await load(nil, environment: ["MAILGATE_HTTP_PORT": "18080", "MAILGATE_DATA_DIR": "/tmp/x"])
        #expect(configuration.profile == .development)
        #expect(configuration.http.listener.port == 18080)
        #expect(configuration.smtp.usersFile == "/tmp/x/users")
    }

    /// A container's whole configuration: `MAILGATE_PROFILE=production`, variables, and mounted secret files.
    @Test func environmentAndSecretFilesAloneConfigureProduction() async throws {
        let secret = try directory.write("webhook-secret", "whsec_ZnJvbWZpbGU=\n")
        let storage = try directory.write("storage-url", "postgres://mailgate:dbsecret@db:5432/mailgate\n")
        let configuration = try await load(nil, environment: [
            "MAILGATE_PROFILE": "production",
            "MAILGATE_HOSTNAME": "mail.example.com",
            "MAILGATE_SMTP_TLS_CERTIFICATE": "/run/secrets/tls.crt",
            "MAILGATE_SMTP_TLS_KEY": "/run/secrets/tls.key",
            "MAILGATE_SMTP_USERS_FILE": "/run/secrets/users",
            "MAILGATE_HTTP_API_KEYS_FILE": "/run/secrets/api-keys",
            "MAILGATE_STORAGE_URL_FILE": storage,
            "MAILGATE_ROUTES_0_NAME": "support",
            "MAILGATE_ROUTES_0_MATCH_RECIPIENT": "*@support.example.com",
            "MAILGATE_ROUTES_0_WEBHOOK_URL": "https://app.internal/hooks/mail",
            "MAILGATE_ROUTES_0_WEBHOOK_SECRET_FILE": secret,
            "MAILGATE_DEFAULT_ROUTE": "support",
        ])
        #expect(configuration.profile == .production)
        #expect(configuration.smtp.submission.address == "0.0.0.0" && configuration.smtp.submission.port == 587)
        #expect(configuration.http.listener.address == "0.0.0.0")
        #expect(configuration.dataDirectory == "/var/lib/mailgate")
        #expect(configuration.storage.url == "postgres://mailgate:dbsecret@db:5432/mailgate")
        #expect(configuration.routes.map(\.name) == ["support"])
        #expect(configuration.routes[0].match.recipient == "*@support.example.com")
        #expect(configuration.routes[0].webhook?.secrets == [try WebhookSecret("whsec_ZnJvbWZpbGU=")])
        #expect(configuration.defaultRoute == "support")
    }

    @Test func theProductionProfileWithoutAFileStillRequiresTLSAndUsers() async {
        let found = await problems(nil, environment: ["MAILGATE_PROFILE": "production"])
        #expect(found.contains { $0.contains("smtp.tls.certificate: a certificate and key are required") })
        #expect(found.contains { $0.contains("smtp.users_file: required") })
    }

    @Test func aWrongProfileIsRefusedWithTheVariable() async {
        #expect(await problems(nil, environment: ["MAILGATE_PROFILE": "prod"])
            == ["environment variable MAILGATE_PROFILE: \"prod\" is not one of: development, production"])
        #expect(await problems(productionFile(), environment: ["MAILGATE_PROFILE": "development"])
            == ["environment variable MAILGATE_PROFILE: development is only for a start without a configuration file"])
    }

    @Test func retentionDefaultsAndOverrides() async throws {
        let defaults = try await load(productionFile())
        #expect(defaults.storage.keepCompleted.milliseconds == 7 * 86_400_000)
        #expect(defaults.storage.keepDead == nil, "dead messages are kept until an operator acts")
        #expect(defaults.storage.pruneInterval.milliseconds == 600_000)
        let configured = try await load(productionFile("storage: { retention: { completed: 2d, dead: 30d }, prune_interval: 1m }"))
        #expect(configured.storage.keepCompleted.milliseconds == 2 * 86_400_000)
        #expect(configured.storage.keepDead?.milliseconds == Int64(30) * 86_400_000)
        #expect(configured.storage.pruneInterval.milliseconds == 60_000)
    }

    @Test func proxyProtocolAndMinimumDataRate() async throws {
        let defaults = try await load(productionFile())
        #expect(defaults.smtp.listeners.allSatisfy { !$0.settings.proxyProtocol }, "the header is trusted: off unless asked for")
        #expect(defaults.smtp.minDataRate.bytes == 1024)
        let configured = try await load(
            productionFile("""
                  submissions: { proxy_protocol: true, proxy_protocol_trusted: [10.0.0.0/8] }
                  inbound: { enabled: true, proxy_protocol: yes, proxy_protocol_trusted: ["192.0.2.1", "2001:db8::/32"] }
                  min_data_rate: 0
                """),
            environment: ["MAILGATE_SMTP_SUBMISSION_PROXY_PROTOCOL": "true", "MAILGATE_SMTP_SUBMISSION_PROXY_PROTOCOL_TRUSTED": "10.1.2.3"])
        #expect(configured.smtp.submission.proxyProtocol && configured.smtp.submissions.proxyProtocol && configured.smtp.inbound.proxyProtocol)
        #expect(configured.smtp.submission.proxyProtocolTrusted.map(\.description) == ["10.1.2.3/32"])
        #expect(configured.smtp.submissions.proxyProtocolTrusted.map(\.description) == ["10.0.0.0/8"])
        #expect(configured.smtp.inbound.proxyProtocolTrusted.map(\.description) == ["192.0.2.1/32", "2001:db8::/32"])
        #expect(configured.smtp.minDataRate.bytes == 0)
    }

    @Test func dnsServersAndTimeout() async throws {
        let defaults = try await load(productionFile())
        #expect(defaults.dns.servers.isEmpty, "no servers: /etc/resolv.conf's")
        #expect(defaults.dns.timeout.duration == .seconds(2))
        let configured = try await load(productionFile("dns: { servers: [\"192.0.2.53\", \"127.0.0.1:5353\", \"[2001:db8::53]:5353\"], timeout: 500ms }"))
        #expect(configured.dns.servers.map(\.description) == ["192.0.2.53:53", "127.0.0.1:5353", "[2001:db8::53]:5353"])
        #expect(configured.dns.timeout.duration == .milliseconds(500))
        let fromEnvironment = try await load(productionFile(), environment: ["MAILGATE_DNS_SERVERS": "192.0.2.1,192.0.2.2:53", "MAILGATE_DNS_TIMEOUT": "1s"])
        #expect(fromEnvironment.dns.servers.map(\.description) == ["192.0.2.1:53", "192.0.2.2:53"])
        #expect(fromEnvironment.dns.timeout.duration == .seconds(1))
        let problems = await problems(productionFile("dns: { servers: [ns1.example.com, \"192.0.2.1:99999\"], timeout: 1ms }")).joined(separator: "\n")
        #expect(problems.contains("dns.servers: ns1.example.com: not an IP address"), "\(problems)")
        #expect(problems.contains("dns.servers: 192.0.2.1:99999: port 99999 is out of range"), "\(problems)")
        #expect(problems.contains("dns.timeout"), "\(problems)")
    }

    /// A PROXY header names the client: believed from anyone, it would let anyone claim any address.
    @Test func proxyProtocolNeedsItsTrustedBalancers() async throws {
        do {
            _ = try await load(productionFile("""
                  submission: { proxy_protocol: true }
                  submissions: { proxy_protocol: true, proxy_protocol_trusted: ["10.0.0.0/33", "balancer"] }
                """))
            Issue.record("expected an error")
        } catch {
            let problems = error.problems.map(\.description).joined(separator: "\n")
            #expect(problems.contains("smtp.submission.proxy_protocol_trusted: list the load balancers' addresses"), "\(problems)")
            #expect(problems.contains("smtp.submissions.proxy_protocol_trusted: \"10.0.0.0/33\" is not an IP address or network"), "\(problems)")
            #expect(problems.contains("smtp.submissions.proxy_protocol_trusted: \"balancer\" is not an IP address or network"), "\(problems)")
        }
    }

    // MARK: secrets

    @Test func secretsAreReadFromFilesWithoutTheirTrailingNewline() async throws {
        let secret = try directory.write("webhook-secret", "whsec_ZnJvbWZpbGU=\n")
        let password = try directory.write("relay-password", "p@ss word\r\n")
        let configuration = try await load(
            productionFile("""
            routes:
              - name: a
                webhook: { url: "https://a.example/hook", secret_file: \(secret) }
            relay:
              upstream: { host: smtp.example.net, username: u }
            """),
            environment: ["MAILGATE_RELAY_UPSTREAM_PASSWORD_FILE": password])
        #expect(configuration.routes[0].webhook?.secrets == [try WebhookSecret("whsec_ZnJvbWZpbGU=")])
        #expect(configuration.relay?.upstreams.first?.password == "p@ss word")
    }

    @Test func secretsNeverAppearInTheEffectiveConfiguration() async throws {
        let configuration = try await load(
            productionFile("""
            routes:
              - name: a
                webhook: { url: "https://a.example/hook", secret: visible-nowhere-secret }
            relay:
              upstream: { host: smtp.example.net, username: u, password: hunter2 }
            storage: { url: "postgres://mailgate:dbpass@db.internal:5432/mailgate" }
            """))
        let rendered = EffectiveConfigurationRenderer.render(configuration, fileName: "mailgate.yaml")
        #expect(!rendered.contains("visible-nowhere-secret"))
        #expect(!rendered.contains("hunter2"))
        #expect(!rendered.contains("dbpass"))
        #expect(rendered.contains("secret: \"<redacted>\""))
        #expect(rendered.contains("postgres://mailgate:<redacted>@db.internal:5432/mailgate"))
        #expect(configuration.storage.backend == .postgres(url: "postgres://mailgate:dbpass@db.internal:5432/mailgate"))
    }

    @Test func renderedConfigurationLoadsBackToTheSameSettings() async throws {
        let original = try await load(
            productionFile("""
            log: { format: json }
            routes:
              - name: a
                match: { recipient: "*@a.example" }
                webhook: { url: "https://a.example/hook?x=1", secret: s1, mode: sync, timeout: 1h30m }
              - name: b
                webhook: { url: "http://b.example/hook", secret: s2 }
            """))
        let rendered = EffectiveConfigurationRenderer.render(original, fileName: nil)
        let reloaded = try await load(rendered)
        #expect(reloaded.effective.map(\.key) == original.effective.map(\.key))
        #expect(reloaded.effective.map(\.value) == original.effective.map(\.value))
        // Secrets are rendered redacted, so they come back as the redaction marker, and so does a URL's query
        // (it may hold a token); all else is equal.
        func withoutSecrets(_ routes: [RouteSettings]) -> [RouteSettings] {
            routes.map { route in
                var route = route
                route.webhooks = route.webhooks.map { var webhook = $0; webhook.secrets = []; return webhook }
                return route
            }
        }
        var expected = withoutSecrets(original.routes)
        expected[0].webhooks[0].url = "https://a.example/hook?<redacted>"
        #expect(withoutSecrets(reloaded.routes) == expected)
        let redacted = try WebhookSecret("<redacted>")
        #expect(reloaded.routes.flatMap(\.webhooks).map(\.secrets) == [[redacted], [redacted]])
    }

    // MARK: errors, each with the key and the line

    @Test func unknownKeysAreErrorsWithASuggestion() async {
        let found = await problems(productionFile("  max_recipeints: 5\nhttp:\n  colour: blue\n  extra: { deep: 1 }"))
        #expect(found.contains("mailgate.yaml:5: smtp.max_recipeints: unknown key (did you mean smtp.max_recipients?)".replacingOccurrences(of: "mailgate.yaml", with: directory.path + "/mailgate.yaml")))
        #expect(found.contains { $0.hasSuffix(":7: http.colour: unknown key") })
        #expect(found.contains { $0.hasSuffix(":8: http.extra: unknown key") })
        #expect(!found.contains { $0.contains("http.extra.deep") }, "only the outermost unknown key is reported")
    }

    @Test func unknownEnvironmentVariablesAreErrors() async {
        let found = await problems(nil, environment: ["MAILGATE_HTTP_PORTT": "1", "MAILGATE_NOPE": "x"])
        #expect(found.contains("environment variable MAILGATE_HTTP_PORTT: not a configuration key (did you mean MAILGATE_HTTP_PORT?)"))
        #expect(found.contains("environment variable MAILGATE_NOPE: not a configuration key"))
    }

    @Test(arguments: [
        ("http: { port: 70000 }", "http.port: \"70000\" is not a valid TCP port (1-65535)"),
        ("http: { port: abc }", "http.port: \"abc\" is not a valid TCP port (1-65535)"),
        ("http: { port: [1, 2] }", "http.port: expected a single value, found a list"),
        ("http: { port: { a: 1 } }", "http.port: expected a single value, found a mapping"),
        ("http: 8080", "http: expected a mapping, found a single value"),
        ("log: { level: loud }", "log.level: \"loud\" is not one of: trace, debug, info, notice, warning, error, critical"),
        ("log: { format: xml }", "log.format: \"xml\" is not one of: logfmt, json"),
        ("shutdown_timeout: 30", "shutdown_timeout: \"30\" needs a unit (ms, s, m, h or d)"),
        ("shutdown_timeout: 0s", "shutdown_timeout: 0s is too short (at least 1ms)"),
        ("smtp: { max_message_size: 25M, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.max_message_size: unknown size unit \"m\""),
        ("smtp: { max_message_size: 2GiB, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.max_message_size: 2GiB is out of range (1KiB...1GiB)"),
        ("smtp: { max_recipients: 0, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.max_recipients: 0 is out of range (1...10000)"),
        ("smtp: { inbound: { enabled: maybe }, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.inbound.enabled: \"maybe\" is not true or false"),
        ("smtp: { submission: { proxy_protocol: 2 }, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.submission.proxy_protocol: \"2\" is not true or false"),
        ("smtp: { min_data_rate: 1 KB/s, tls: { certificate: /c, key: /k }, users_file: /u }", "smtp.min_data_rate: unknown size unit"),
        ("http: { address: \"bad host\" }", "http.address: \"bad host\" is not an IP address or host name"),
        ("storage: { url: \"mysql://db/x\" }", "storage.url: unsupported storage URL \"mysql://db/x\""),
        ("routes: [ { name: a, webhook: { url: \"ftp://x/y\" } } ]", "routes.0.webhook.url: the scheme must be http or https, not ftp"),
        ("routes: [ { name: a, webhook: { url: \"https://u:p@x/y\" } } ]", "routes.0.webhook.url: credentials in the webhook URL are not allowed"),
        ("routes: [ { name: a } ]", "routes.0.webhook.url: every route needs a webhook url"),
        ("routes: [ { webhook: { url: \"https://x/y\" } } ]", "routes.0.name: every route needs a name"),
        ("routes: [ { name: a, webhook: { url: \"https://x/y\", secret: s, mode: fast } } ]", "routes.0.webhook.mode: \"fast\" is not one of: queued, sync"),
        ("routes: [ { name: a, webhook: { url: \"https://x/y\" } } ]", "routes.0.webhook.secret: every webhook needs a signing secret"),
        ("routes: [ { name: a, webhook: { url: \"https://x/y\", secret: whsec_!! } } ]", "routes.0.webhook.secret: a whsec_ secret must be followed by base64"),
        ("routes: [ { name: a, action: reject, reply: \"250 2.0.0 fine\" } ]", "routes.0.reply: \"250 2.0.0 fine\" is not an SMTP reply"),
        // An enhanced code SMTPReply cannot hold would stop the server at the first matching RCPT.
        ("routes: [ { name: a, action: reject, reply: \"550 5.7.1234 no\" } ]", "routes.0.reply: \"550 5.7.1234 no\" is not an SMTP reply"),
        ("routes: [ { name: a, action: hold, match: { header: { name: X-Tenant } } } ]", "routes.0.match.header: a header condition needs both name and value"),
        ("routes: [ { name: a, action: hold, match: { recipient_regex: \"(\" } } ]", "routes.0.match.recipient_regex: not a regular expression"),
        ("routes: [ { name: a, action: hold, webhook: { url: \"https://x/y\", secret: s } } ]", "routes.0.action: a hold route has no webhooks"),
        ("routes: [ { name: a, action: hold } ]\ndefault_route: b", "default_route: no route is named \"b\""),
        ("routes: [ { name: a, webhook: { url: \"https://x/y\", secret: s, headers: [ { name: Webhook-Id, value: x } ] } } ]", "routes.0.webhook.headers.0.name: Webhook-Id is set by Mailgate"),
        ("delivery: { retry: { initial_delay: 2h } }", "delivery.retry.max_delay: must not be shorter than delivery.retry.initial_delay"),
        ("routes: [ a, b ]", "routes: expected a list of mappings, found a list"),
        ("relay: { upstream: { host: h, username: u } }", "relay.upstream.password: relay.upstream.username is set but no password"),
        ("relay: { upstream: { host: h, tls: maybe } }", "relay.upstream.tls: \"maybe\" is not one of: starttls, tls, none"),
    ])
    func impossibleValuesNameTheKey(yaml: String, expected: String) async {
        // Cases about `smtp:` carry the required smtp keys themselves: a key may appear only once.
        let found = await problems(yaml.hasPrefix("smtp:") ? yaml : productionFile(yaml))
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }

    @Test func problemsPointAtTheFileLine() async {
        let found = await problems(productionFile("http:\n  address: 0.0.0.0\n  port: 99999"))
        #expect(found == ["\(directory.path)/mailgate.yaml:7: http.port: \"99999\" is not a valid TCP port (1-65535)"])
    }

    @Test func problemsFromTheEnvironmentNameTheVariable() async {
        let found = await problems(productionFile(), environment: ["MAILGATE_HTTP_PORT": "0"])
        #expect(found == ["environment variable MAILGATE_HTTP_PORT: http.port: \"0\" is not a valid TCP port (1-65535)"])
    }

    @Test func everyProblemIsReportedAtOnce() async {
        let found = await problems(productionFile("http: { port: abc }\nlog: { level: loud }\nbogus: 1"))
        #expect(found.count == 3)
    }

    @Test func yamlSyntaxErrorsHaveALine() async {
        let found = await problems("smtp:\n  port: [1,\nhttp: {}\n")
        #expect(found.count == 1)
        #expect(found.first?.contains("YAML syntax error") == true)
        #expect(found.first?.hasPrefix("\(directory.path)/mailgate.yaml:") == true)
    }

    @Test func duplicateKeysAreRefused() async {
        let found = await problems("http:\n  port: 1\n  port: 2\n")
        #expect(found.first?.contains("key given twice in one mapping: port") == true, "\(found)")
    }

    @Test func topLevelMustBeAMapping() async {
        let found = await problems("- a\n- b\n")
        #expect(found.first?.contains("the top level of the file must be a mapping") == true)
    }

    @Test func missingUnreadableAndDirectoryFilesAreExplained() async throws {
        func fileProblems(_ path: String) async -> [String] {
            do {
                _ = try await ConfigurationLoader(filePath: path, environment: [:]).load()
                return []
            } catch { return error.problems.map(\.description) }
        }
        #expect(await fileProblems(directory.path + "/absent.yaml") == ["\(directory.path)/absent.yaml: the configuration file does not exist"])
        #expect(await fileProblems(directory.path) == ["\(directory.path): this is a directory, not a configuration file"])
        let unreadable = try directory.write("locked.yaml", "hostname: x\n", permissions: 0o000)
        if getuid() != 0 {
            #expect(await fileProblems(unreadable) == ["\(unreadable): the configuration file is not readable (permissions)"])
        }
    }

    @Test func secretGivenTwiceOrUnreadableIsAnError() async {
        let both = await problems(productionFile("relay: { upstream: { host: h, username: u, password: p, password_file: /x } }"))
        #expect(both.contains { $0.contains("relay.upstream.password: give either relay.upstream.password or relay.upstream.password_file, not both") })
        let missing = await problems(productionFile("relay: { upstream: { host: h, username: u, password_file: /nonexistent/secret } }"))
        #expect(missing.contains { $0.contains("relay.upstream.password_file: cannot read the secret file /nonexistent/secret") })
    }

    @Test func productionRequiresACertificateAndUsers() async {
        let found = await problems("hostname: mail.example.com\n")
        #expect(found.contains { $0.contains("smtp.tls.certificate: a certificate and key are required") })
        #expect(found.contains { $0.contains("smtp.users_file: required") })
        let halfPair = await problems("smtp: { tls: { certificate: /c.pem }, users_file: /u }\n")
        #expect(halfPair.contains { $0.contains("smtp.tls.key: smtp.tls.certificate is set but smtp.tls.key is not") })
    }

    @Test func submissionListenersCanBeTurnedOffWithoutACertificate() async throws {
        let configuration = try await load("smtp: { submission: { enabled: false }, submissions: { enabled: false } }\n")
        #expect(configuration.smtp.tls == nil)
    }

    @Test func listenersMayNotShareAPort() async {
        let found = await problems(productionFile("http: { port: 587 }"))
        #expect(found.contains { $0.contains("http.port: port 587 is already used by smtp.submission") })
    }

    @Test func routeNamesAreUnique() async {
        let found = await problems(productionFile("routes:\n  - { name: a, webhook: { url: \"https://x/1\" } }\n  - { name: a, webhook: { url: \"https://x/2\" } }"))
        #expect(found.contains { $0.contains(":7: routes.1.name: another route is already named \"a\"") })
    }
}

/// `relay.upstreams`: several smarthosts by priority, their TLS modes and defaults, and the one-item older form.
@Suite struct RelaySettingsTests {
    @Test func upstreamsAreReadWithTheirDefaults() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            relay:
              upstreams:
                - { host: smtp.example.net, username: u, password: p, priority: 5 }
                - { host: backup.example.net, tls: tls, ca_file: /etc/ca.pem }
                - { host: 127.0.0.1, port: 2525, tls: none }
              retry: { horizon: 2d }
              max_connections: 3
            """)
        let configuration = try await ConfigurationLoader(filePath: path, environment: [:]).load()
        let upstreams = try #require(configuration.relay?.upstreams)
        #expect(upstreams.map(\.name) == ["smtp.example.net:587", "backup.example.net:465", "127.0.0.1:2525"])
        #expect(upstreams.map(\.security) == [.starttls, .tls, .none])
        #expect(upstreams.map(\.priority) == [5, 10, 10])
        #expect(upstreams[1].caFile == "/etc/ca.pem")
        #expect(configuration.relay?.horizon.duration == .seconds(2 * 24 * 3600))
        #expect(configuration.relay?.maxConnections == 3)
    }

    @Test func bothFormsAtOnceAndAUserWithoutAPasswordAreRefused() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            relay:
              upstream: { host: a.example.net }
              upstreams:
                - { host: b.example.net, username: u }
            """)
        await #expect(throws: (any Error).self) {
            _ = try await ConfigurationLoader(filePath: path, environment: [:]).load()
        }
        do {
            _ = try await ConfigurationLoader(filePath: path, environment: [:]).load()
        } catch {
            let text = "\(error)"
            #expect(text.contains("relay.upstream"), "\(text)")
            #expect(text.contains("relay.upstreams.0.password"), "\(text)")
        }
    }
}
