import DKIM
import Foundation
import MailgateTestSupport
import Outbound
import Testing

@testable import Gateway

/// The `dkim:` keys: loaded and checked while the configuration is read, every problem naming the key.
@Suite struct DKIMConfigurationTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func file(_ dkim: String) -> String {
        """
        hostname: mail.example.com
        smtp:
          tls: { certificate: /etc/mailgate/tls.crt, key: /etc/mailgate/tls.key }
          users_file: /etc/mailgate/users
        dkim:
        \(dkim)
        """
    }

    func key(_ algorithm: DKIMAlgorithm, name: String) throws -> String {
        try directory.write(name, DKIMKeyGenerator.generate(algorithm: algorithm).privateKeyPEM)
    }

    func load(_ yaml: String) async throws(ConfigurationError) -> GatewayConfiguration {
        let path = try! directory.write("mailgate.yaml", yaml)
        return try await ConfigurationLoader(filePath: path, environment: [:]).load()
    }

    func problems(_ yaml: String) async -> [String] {
        do {
            _ = try await load(yaml)
            Issue.record("expected the configuration to be refused")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func readsKeysOfBothAlgorithmsAndShowsThemWithoutTheKey() async throws {
        let rsa = try key(.rsaSHA256, name: "rsa.pem")
        let ed = try key(.ed25519SHA256, name: "ed.pem")
        let configuration = try await load(file("""
              - { domain: example.com, selector: mg1, key_file: \(rsa) }
              - { domain: Mail.Example.com, selector: mg2, key_file: \(ed), algorithm: ed25519-sha256 }
            """))
        #expect(configuration.dkim.map(\.domain) == ["example.com", "mail.example.com"])
        #expect(configuration.dkim.map(\.algorithm) == [.rsaSHA256, .ed25519SHA256])
        let signers = DKIMKeySettings.signerSet(configuration.dkim)
        #expect(signers.signer(forAddress: "a@x.mail.example.com")?.selector == "mg2")
        let shown = EffectiveConfigurationRenderer.render(configuration, fileName: nil)
        #expect(shown.contains("algorithm: ed25519-sha256"))
        #expect(shown.contains(ed))
        #expect(!shown.contains("PRIVATE KEY"))
    }

    @Test func aMissingKeyFileIsRefusedNamingTheKey() async throws {
        let found = await problems(file("  - { domain: example.com, selector: mg1, key_file: /nonexistent/dkim.pem }"))
        #expect(found.count == 1)
        #expect(found.first?.contains("dkim.0.key_file") == true)
        #expect(found.first?.contains("/nonexistent/dkim.pem") == true)
        #expect(found.first?.contains("mg1._domainkey.example.com") == true)
    }

    @Test func aKeyOfTheWrongAlgorithmIsRefused() async throws {
        let ed = try key(.ed25519SHA256, name: "ed.pem")
        let found = await problems(file("  - { domain: example.com, selector: mg1, key_file: \(ed), algorithm: rsa-sha256 }"))
        #expect(found.count == 1)
        #expect(found.first?.contains("dkim.0.key_file") == true)
        #expect(found.first?.contains("not a key for rsa-sha256") == true)
    }

    @Test func aFileThatIsNotAKeyIsRefused() async throws {
        let junk = try directory.write("junk.pem", "not a key\n")
        let found = await problems(file("  - { domain: example.com, selector: mg1, key_file: \(junk) }"))
        #expect(found.first?.contains("not a PEM private key") == true)
    }

    @Test func missingFieldsAnUnknownAlgorithmAndADuplicateDomainAreRefused() async throws {
        let rsa = try key(.rsaSHA256, name: "rsa.pem")
        let found = await problems(file("""
              - { selector: mg1, key_file: \(rsa) }
              - { domain: example.com, selector: mg1, key_file: \(rsa), algorithm: rsa-sha1 }
              - { domain: example.com, selector: mg1, key_file: \(rsa) }
              - { domain: EXAMPLE.com, selector: mg2, key_file: \(rsa) }
              - { domain: "bad domain", selector: mg1, key_file: \(rsa) }
            """))
        #expect(found.contains { $0.contains("dkim.0.domain") && $0.contains("needs a domain") })
        #expect(found.contains { $0.contains("dkim.1.algorithm") && $0.contains("rsa-sha1") })
        #expect(found.contains { $0.contains("dkim.3.domain") && $0.contains("already signs example.com") })
        #expect(found.contains { $0.contains("dkim.4.domain") && $0.contains("\"bad domain\" is not a DNS name") })
    }

    @Test func keygenPrintsARecordSplitInto255CharacterStrings() throws {
        let record = try DKIMKeyRecord.generate(domain: "Example.com", selector: "mg1", algorithmName: "rsa-sha256", rsaBits: 2048)
        #expect(record.recordName == "mg1._domainkey.example.com")
        let pieces = DKIMKeyRecord.split(record.txtValue)
        #expect(pieces.count == 2)
        #expect(pieces.allSatisfy { $0.utf8.count <= 255 })
        #expect(pieces.joined() == record.txtValue)
        #expect(record.quotedTXT == pieces.map { "\"\($0)\"" }.joined(separator: " "))
        #expect(record.configSnippet(keyFile: "/k.pem").contains("key_file: /k.pem"))
        let ed = try DKIMKeyRecord.generate(domain: "example.com", selector: "mg2", algorithmName: "ed25519-sha256", rsaBits: 2048)
        #expect(ed.quotedTXT.hasPrefix("\"v=DKIM1; k=ed25519; p="))
        #expect(throws: DKIMError.self) {
            try DKIMKeyRecord.generate(domain: "example.com", selector: "mg1", algorithmName: "rsa-sha1", rsaBits: 2048)
        }
    }
}
