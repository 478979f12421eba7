import Foundation
import HTTPAPI
import SMTPServer
import MailgateTestSupport
import Testing

@testable import Gateway

@Suite struct DevelopmentInstanceTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func developmentConfiguration(_ environment: [String: String] = [:]) async throws -> GatewayConfiguration {
        var environment = environment
        environment["MAILGATE_DATA_DIR"] = directory.path + "/data"
        return try await ConfigurationLoader(filePath: nil, environment: environment).load()
    }

    @Test func generatesCertificateUserAndKeyOnceOnLoopback() async throws {
        let configuration = try await developmentConfiguration()
        let credentials = try DevelopmentInstance.prepare(configuration)
        let password = try #require(credentials.smtpPassword)
        let apiKey = try #require(credentials.apiKey)
        #expect(credentials.smtpUser == "dev")
        #expect(password.count >= 20)

        let users = try UsersFile(contentsOf: directory.path + "/data/users")
        let hash = try #require(users.hashes["dev"])
        #expect(hash.hasPrefix("$y$"), "yescrypt by default")
        #expect(PasswordHasher.verify(password, against: hash))
        #expect(!PasswordHasher.verify(password + "x", against: hash))

        let keys = try APIKeysFile(contentsOf: directory.path + "/data/api-keys")
        #expect(keys.entry(forKey: apiKey)?.name == "dev")
        #expect(keys.entry(forKey: apiKey + "x") == nil)

        let certificate = try String(contentsOfFile: directory.path + "/data/tls.crt", encoding: .utf8)
        #expect(certificate.hasPrefix("-----BEGIN CERTIFICATE-----"))
        let keyAttributes = try FileManager.default.attributesOfItem(atPath: directory.path + "/data/tls.key")
        #expect((keyAttributes[.posixPermissions] as? Int) == 0o600)

        let notice = DevelopmentInstance.notice(for: credentials, configuration: configuration)
        #expect(notice.contains("DEVELOPMENT instance"))
        #expect(notice.contains(password) && notice.contains(apiKey))

        let again = try DevelopmentInstance.prepare(configuration)
        #expect(again.isEmpty, "a second start generates nothing and shows no secrets")
        #expect(try UsersFile(contentsOf: directory.path + "/data/users") == users)
    }

    @Test(arguments: ["MAILGATE_HTTP_ADDRESS", "MAILGATE_SMTP_SUBMISSION_ADDRESS", "MAILGATE_SMTP_SUBMISSIONS_ADDRESS"])
    func refusesANonLoopbackAddressWhenLoading(variable: String) async throws {
        do {
            _ = try await developmentConfiguration([variable: "0.0.0.0"])
            Issue.record("a development configuration on 0.0.0.0 loaded")
        } catch let error as ConfigurationError {
            let problem = try #require(error.problems.first)
            #expect(problem.location == .environment(variable))
            #expect(problem.message.contains("loopback only, not on 0.0.0.0"), "\(problem)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/data"), "nothing is written")
    }

    @Test func refusesANonLoopbackConfigurationWithNothingToGenerate() async throws {
        var configuration = try await developmentConfiguration()
        _ = try DevelopmentInstance.prepare(configuration)
        configuration.http.listener.address = "0.0.0.0"
        #expect(throws: DevelopmentInstance.RefusedError.self) { try DevelopmentInstance.prepare(configuration) }
    }

    @Test func aDisabledListenerDoesNotCountAsExposed() async throws {
        let configuration = try await developmentConfiguration([
            "MAILGATE_SMTP_INBOUND_ADDRESS": "0.0.0.0", "MAILGATE_SMTP_INBOUND_ENABLED": "false",
        ])
        #expect(!(try DevelopmentInstance.prepare(configuration)).isEmpty)
    }

    @Test func productionNeverGenerates() async throws {
        let file = try directory.write("mailgate.yaml", """
            data_dir: \(directory.path)/data
            smtp: { tls: { certificate: /nonexistent.crt, key: /nonexistent.key }, users_file: /nonexistent-users }
            """)
        let configuration = try await ConfigurationLoader(filePath: file, environment: [:]).load()
        #expect(try DevelopmentInstance.prepare(configuration).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/data"))
    }
}
