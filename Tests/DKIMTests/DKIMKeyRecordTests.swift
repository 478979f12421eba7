@testable import DKIM
import Testing

/// RFC 6376 §3.6.1 and RFC 8463 §4: key records.
@Suite struct DKIMKeyRecordTests {
    @Test func rfcRecords() throws {
        let ed = try DKIMKeyRecord(parsing: Array(RFC8463Example.records["brisbane._domainkey.football.example.com"]!.utf8))
        #expect(ed.keyType == "ed25519" && ed.publicKey.count == 32)
        let rsa = try DKIMKeyRecord(parsing: Array(RFC8463Example.records["test._domainkey.football.example.com"]!.utf8))
        #expect(rsa.keyType == "rsa")
        #expect(DKIMPublicKey(rsa.publicKey, algorithm: .rsaSHA256)?.bits == 1024)
        #expect(DKIMPublicKey(ed.publicKey, algorithm: .ed25519SHA256)?.bits == 256)
        #expect(DKIMPublicKey(ed.publicKey, algorithm: .rsaSHA256) == nil)
        #expect(rsa.allowsEmail && rsa.allowsSHA256 && !rsa.isTesting && !rsa.forbidsSubdomains && !rsa.isRevoked)
    }

    struct Row: Sendable {
        var record: String
        var keyType: String
        var revoked = false
        var testing = false
        var strict = false
        var email = true
        var sha256 = true
    }

    static let valid: [Row] = [
        Row(record: "p=AAAA", keyType: "rsa"),
        Row(record: "v=DKIM1; k=ed25519; p=AAAA", keyType: "ed25519"),
        Row(record: "v=DKIM1; p=", keyType: "rsa", revoked: true),
        Row(record: "p=AAAA; t=y", keyType: "rsa", testing: true),
        Row(record: "p=AAAA; t=y:s", keyType: "rsa", testing: true, strict: true),
        Row(record: "p=AAAA; t = s : x", keyType: "rsa", strict: true),
        Row(record: "p=AAAA; s=email", keyType: "rsa"),
        Row(record: "p=AAAA; s=tlsrpt", keyType: "rsa", email: false),
        Row(record: "p=AAAA; s=*", keyType: "rsa"),
        Row(record: "p=AAAA; h=sha1", keyType: "rsa", sha256: false),
        Row(record: "p=AAAA; h=sha1:sha256", keyType: "rsa"),
        Row(record: "p=AA\r\n AA; k=RSA", keyType: "rsa"),
        // Unknown tags are ignored; unknown key types are reported by the verifier, not here.
        Row(record: "p=AAAA; k=dsa; zz=whatever", keyType: "dsa"),
        Row(record: "v=DKIM1; n=notes here; p=AAAA", keyType: "rsa"),
    ]

    @Test(arguments: valid.indices)
    func parsesValidRecords(index: Int) throws {
        let row = Self.valid[index]
        let record = try DKIMKeyRecord(parsing: Array(row.record.utf8))
        #expect(record.keyType == row.keyType, "\(row.record)")
        #expect(record.isRevoked == row.revoked, "\(row.record)")
        #expect(record.isTesting == row.testing, "\(row.record)")
        #expect(record.forbidsSubdomains == row.strict, "\(row.record)")
        #expect(record.allowsEmail == row.email, "\(row.record)")
        #expect(record.allowsSHA256 == row.sha256, "\(row.record)")
    }

    static let invalid: [(String, DKIMKeyRecordError)] = [
        ("k=rsa", .missingPublicKey),
        ("v=DKIM2; p=AAAA", .unsupportedVersion("DKIM2")),
        ("p=AAAA; v=DKIM1", .unsupportedVersion("DKIM1")),
        ("p=AA!A", .invalidBase64),
        ("p=AAA", .invalidBase64),
        ("p=A=AA", .invalidBase64),
        ("v=DKIM1; p=AAAA; p=BBBB", .tagList(.duplicateTag("p"))),
        ("v=DKIM1 p=AAAA", .unsupportedVersion("DKIM1 p=AAAA")),
        ("", .tagList(.empty)),
    ]

    @Test(arguments: invalid.indices)
    func refusesInvalidRecords(index: Int) {
        let (text, expected) = Self.invalid[index]
        #expect(throws: expected, "\(text)") { try DKIMKeyRecord(parsing: Array(text.utf8)) }
    }
}
