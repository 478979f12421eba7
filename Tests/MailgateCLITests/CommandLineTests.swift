import Foundation
import SMTPServer
import MailgateTestSupport
import Testing

/// The `mailgate` commands as an operator runs them: exit codes, output, and what goes to stderr.
@Suite struct CommandLineTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func versionPrintsTheVersion() async throws {
        let result = try await MailgateProcess.run(["version"], directory: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("mailgate 0."))
    }

    @Test func unknownCommandIsAUsageError() async throws {
        let result = try await MailgateProcess.run(["frobnicate"], directory: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Unexpected argument 'frobnicate'") || result.stderr.contains("frobnicate"))
    }

    @Test func checkConfigPrintsTheEffectiveConfigurationWithSecretsRedacted() async throws {
        let secretFile = try directory.write("relay-password", "relay-pass-123\n")
        let config = try directory.write("mailgate.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            routes:
              - name: support
                match: { recipient: "*@support.example.com" }
                webhook: { url: "https://app.internal/hooks/mail", secret: whsec_dG9wc2VjcmV0 }
            relay:
              upstream: { host: smtp.example.net, username: u, password_file: \(secretFile) }
            storage: { url: "postgres://mailgate:dbsecret@db:5432/mailgate" }
            """)
        let result = try await MailgateProcess.run(
            ["check-config", "--config", config], environment: ["MAILGATE_HTTP_PORT": "9090"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hostname: mail.example.com  # \(config):1"))
        #expect(result.stdout.contains("port: 9090  # MAILGATE_HTTP_PORT"))
        #expect(result.stdout.contains("secret: \"<redacted>\""))
        #expect(result.stdout.contains("password_file: \(secretFile)"))
        #expect(result.stdout.contains("postgres://mailgate:<redacted>@db:5432/mailgate"))
        for secret in ["whsec_dG9wc2VjcmV0", "relay-pass-123", "dbsecret"] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test func checkConfigWarnsOfAWebhookThePolicyRefusesAndHidesItsToken() async throws {
        let config = try directory.write("refused.yaml", """
            hostname: mail.example.com
            smtp:
              tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
              users_file: /etc/mailgate/users
            routes:
              - name: metadata
                match: { domain: metadata.example.com }
                webhook: { url: "http://169.254.169.254/latest?token=tok-check-5e4d", secret: whsec_dG9wc2VjcmV0 }
              - name: fine
                match: { domain: fine.example.com }
                webhook: { url: "http://10.0.0.1/hooks", secret: whsec_dG9wc2VjcmV0, allow_private: true }
            """)
        let result = try await MailgateProcess.run(["check-config", "--config", config], directory: directory.path)
        #expect(result.status == 0, "a warning, not an error: \(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1, "\(result.stderr)")
        #expect(warnings.first?.contains("routes.0.webhook.url") == true && warnings.first?.contains("route metadata") == true, "\(result.stderr)")
        #expect(warnings.first?.contains("169.254.169.254") == true)
        #expect(result.stdout.contains("http://169.254.169.254/latest?<redacted>"), "\(result.stdout)")
        #expect(!result.stdout.contains("tok-check-5e4d") && !result.stderr.contains("tok-check-5e4d"))
    }

    @Test func checkConfigReadsMailgateConfigFromTheEnvironment() async throws {
        let config = try directory.write("env.yaml", "smtp: { submission: { enabled: false }, submissions: { enabled: false } }\n")
        let result = try await MailgateProcess.run(["check-config"], environment: ["MAILGATE_CONFIG": config], directory: directory.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("(production defaults)"))
    }

    @Test func checkConfigOnABrokenFileSaysWhatAndWhereAndExits78() async throws {
        let config = try directory.write("broken.yaml", """
            smtp:
              submission: { port: 70000 }
              max_recipeints: 5
            http:
              port: abc
            """)
        let result = try await MailgateProcess.run(["check-config", "--config", config], directory: directory.path)
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(config):2: smtp.submission.port: \"70000\" is not a valid TCP port (1-65535)"))
        #expect(result.stderr.contains("\(config):3: smtp.max_recipeints: unknown key (did you mean smtp.max_recipients?)"))
        #expect(result.stderr.contains("\(config):5: http.port: \"abc\" is not a valid TCP port (1-65535)"))
        #expect(result.stderr.contains("smtp.tls.certificate: a certificate and key are required"))
    }

    @Test func checkConfigOnAMissingFileExits78() async throws {
        let result = try await MailgateProcess.run(["check-config", "--config", directory.path + "/nope.yaml"], directory: directory.path)
        #expect(result.status == 78)
        #expect(result.stderr.contains("nope.yaml: the configuration file does not exist"))
    }

    @Test(arguments: [("yescrypt", "$y$"), ("bcrypt", "$2b$"), ("sha512-crypt", "$6$")])
    func hashPasswordPrintsAVerifiableCryptHash(scheme: String, prefix: String) async throws {
        let result = try await MailgateProcess.run(
            ["hash-password", "--scheme", scheme], directory: directory.path, stdin: "correct horse battery\n")
        #expect(result.status == 0, "\(result.stderr)")
        let hash = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.hasPrefix(prefix))
        #expect(PasswordHasher.verify("correct horse battery", against: hash))
        #expect(!PasswordHasher.verify("correct horse battery\n", against: hash), "the trailing newline is not part of the password")
    }

    @Test func hashPasswordRefusesAnEmptyPassword() async throws {
        let result = try await MailgateProcess.run(["hash-password"], directory: directory.path, stdin: "\n")
        #expect(result.status == 64)
        #expect(result.stderr.contains("the password is empty"))
    }

    @Test func parsePrintsTheInboundJSONOfAMessage() async throws {
        let message = "From: =?utf-8?q?J=C3=B6rg?= <jorg@example.com>\r\nTo: a@example.net, \"B, C\" <b@example.net>\r\nSubject: Hello\r\nMessage-ID: <x1@example.com>\r\nDate: Tue, 14 Mar 2023 09:27:00 +0100\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nGr=FC=DFe\r\n--b\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Disposition: attachment; filename=data.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b--\r\n"
        let file = try directory.write("message.eml", message)
        for (arguments, input) in [(["parse", file], nil as String?), (["parse", "-"], message)] {
            let result = try await MailgateProcess.run(arguments, directory: directory.path, stdin: input)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let parsed = try #require(json["message"] as? [String: Any])
            #expect(parsed["subject"] as? String == "Hello")
            #expect(parsed["message_id"] as? String == "x1@example.com")
            #expect((parsed["from"] as? [String: Any])?["name"] as? String == "Jörg")
            #expect((parsed["to"] as? [[String: Any]])?.count == 2)
            #expect((parsed["text"] as? String)?.hasPrefix("Grüße") == true)
            let attachments = try #require(json["attachments"] as? [[String: Any]])
            #expect(attachments.count == 1)
            #expect(attachments.first?["filename"] as? String == "data.bin")
            #expect(attachments.first?["size"] as? Int == 3)
            #expect(attachments.first?["sha256"] as? String == "ae4b3280e56e2faf83f414a6e3dabe9d5fbe18976544c05fed121accb85b53fc")
        }
    }

    @Test func parseOfAMissingFileFails() async throws {
        let result = try await MailgateProcess.run(["parse", directory.path + "/absent.eml"], directory: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("cannot read"))
    }
}
