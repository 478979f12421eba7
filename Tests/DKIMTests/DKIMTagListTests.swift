import Foundation
@testable import DKIM
import Testing

/// RFC 6376 §3.2: tag=value lists, as signatures and key records write them.
@Suite struct DKIMTagListTests {
    static let valid: [(String, [(String, String)])] = [
        ("v=1; a=rsa-sha256", [("v", "1"), ("a", "rsa-sha256")]),
        ("v=1; a=rsa-sha256;", [("v", "1"), ("a", "rsa-sha256")]),
        ("  v = 1 ;\ta=rsa-sha256 ;  ", [("v", "1"), ("a", "rsa-sha256")]),
        // Folding whitespace around and inside values (inner whitespace is kept).
        ("b=abc\r\n def;\r\n\th=from : to", [("b", "abc\r\n def"), ("h", "from : to")]),
        ("n=a  note with spaces", [("n", "a  note with spaces")]),
        // Empty values are values (p= of a revoked key).
        ("v=DKIM1; p=", [("v", "DKIM1"), ("p", "")]),
        // "=" inside a value (base64 padding) and names with digits and underscores.
        ("bh=2jUSOH9N==; x_1=y", [("bh", "2jUSOH9N=="), ("x_1", "y")]),
        // RFC 6376 §3.6.1's example key record.
        ("v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt",
         [("v", "DKIM1"), ("p", "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYt")]),
        // UTF-8 in a value (RFC 8616).
        ("i=jörg@example.com", [("i", "jörg@example.com")]),
        // Tag names are case-sensitive: V and v are two tags.
        ("V=1; v=2", [("V", "1"), ("v", "2")]),
    ]

    @Test(arguments: valid.indices)
    func parsesValidLists(index: Int) throws {
        let (text, expected) = Self.valid[index]
        let list = try DKIMTagList(parsing: Array(text.utf8))
        #expect(list.tags.map { [$0.name, $0.value] } == expected.map { [$0.0, $0.1] }, "\(text)")
        for (name, value) in expected { #expect(list[name] == value) }
    }

    static let invalid: [(String, DKIMTagListError)] = [
        ("", .empty),
        ("   ", .empty),
        (";", .emptyTag(position: 0)),
        ("v=1;; a=b", .emptyTag(position: 1)),
        ("v=1; a", .missingEquals(position: 1)),
        ("=1", .invalidTagName("", position: 0)),
        ("1v=1", .invalidTagName("1v", position: 0)),
        ("v-x=1", .invalidTagName("v-x", position: 0)),
        ("a b=1", .invalidTagName("a b", position: 0)),
        ("v=1; v=1", .duplicateTag("v")),
        ("v=1\u{0}2", .invalidValue(tag: "v", byte: 0)),
        ("v=a\u{7F}", .invalidValue(tag: "v", byte: 0x7F)),
    ]

    @Test(arguments: invalid.indices)
    func refusesInvalidLists(index: Int) {
        let (text, expected) = Self.invalid[index]
        #expect(throws: expected, "\(text.debugDescription)") { try DKIMTagList(parsing: Array(text.utf8)) }
    }

    @Test func signatureFieldOfRFC8463() throws {
        let header = RFC8463Example.message
        let fields = MessageHeader.fields(header[..<MessageHeader.split(header)!.headerEnd])
        let value = fields[0].bytes.drop { $0 != UInt8(ascii: ":") }.dropFirst()
        let signature = try DKIMSignature(try DKIMTagList(parsing: value))
        #expect(signature.algorithm == .ed25519SHA256)
        #expect(signature.signedHeaders == ["from", "to", "subject", "date", "message-id", "from", "subject", "date"])
        #expect(signature.headerCanonicalization == .relaxed && signature.bodyCanonicalization == .relaxed)
        #expect(signature.domain == "football.example.com" && signature.selector == "brisbane")
        #expect(signature.identity == "@football.example.com")
        #expect(signature.timestamp == 1_528_637_909)
        #expect(signature.signature.count == 64)
        #expect(signature.bodyHash.count == 32)
        #expect(signature.keyName == "brisbane._domainkey.football.example.com")
    }

    static let base = "v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; bh=AAAA; b=AAAA"

    static let signatureErrors: [(String, DKIMSignatureError)] = [
        ("a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA", .missingTag("v")),
        (base.replacingOccurrences(of: "v=1", with: "v=2"), .unsupportedVersion("2")),
        (base.replacingOccurrences(of: "rsa-sha256", with: "rsa-sha1"), .unknownAlgorithm("rsa-sha1")),
        (base.replacingOccurrences(of: "h=from:to", with: "h=to:subject"), .fromNotSigned),
        (base.replacingOccurrences(of: "h=from:to", with: "h=from::to"), .emptyHeaderName),
        (base + "; c=relaxed/strict", .unknownCanonicalization("relaxed/strict")),
        (base + "; c=nowsp", .unknownCanonicalization("nowsp")),
        (base.replacingOccurrences(of: "b=AAAA", with: "b=AA*A"), .invalidBase64("b")),
        (base.replacingOccurrences(of: "bh=AAAA", with: "bh=AAA"), .invalidBase64("bh")),
        (base.replacingOccurrences(of: "b=AAAA", with: "b="), .invalidBase64("b")),
        (base + "; i=joe@example.org", .identityOutsideDomain(identity: "joe@example.org", domain: "example.com")),
        (base + "; i=joe@badexample.com", .identityOutsideDomain(identity: "joe@badexample.com", domain: "example.com")),
        (base + "; i=example.com", .identityOutsideDomain(identity: "example.com", domain: "example.com")),
        (base + "; q=http", .unsupportedQueryMethod("http")),
        (base + "; l=-1", .invalidNumber(tag: "l", value: "-1")),
        (base + "; l=" + String(repeating: "9", count: 77), .invalidNumber(tag: "l", value: String(repeating: "9", count: 77))),
        (base + "; t=12a", .invalidNumber(tag: "t", value: "12a")),
        (base + "; t=200; x=100", .expiresBeforeTimestamp(timestamp: 200, expiration: 100)),
        (base.replacingOccurrences(of: "d=example.com", with: "d=exa mple.com"), .invalidDomain("exa mple.com")),
        (base.replacingOccurrences(of: "s=sel", with: "s=se%l"), .invalidSelector("se%l")),
    ]

    @Test(arguments: signatureErrors.indices)
    func refusesInvalidSignatures(index: Int) throws {
        let (text, expected) = Self.signatureErrors[index]
        guard let tags = try? DKIMTagList(parsing: Array(text.utf8)) else {
            Issue.record("\(text) is not a tag list")
            return
        }
        #expect(throws: expected, "\(text)") { try DKIMSignature(tags) }
    }

    @Test func signatureDefaultsAndLimits() throws {
        let plain = try DKIMSignature(DKIMTagList(parsing: Array((Self.base).utf8)))
        #expect(plain.headerCanonicalization == .simple && plain.bodyCanonicalization == .simple)
        #expect(plain.identity == "@example.com" && plain.bodyLength == nil)
        let headerOnly = try DKIMSignature(DKIMTagList(parsing: Array((Self.base + "; c=relaxed").utf8)))
        #expect(headerOnly.headerCanonicalization == .relaxed && headerOnly.bodyCanonicalization == .simple)
        let huge = try DKIMSignature(DKIMTagList(parsing: Array((Self.base + "; l=" + String(repeating: "9", count: 76)).utf8)))
        #expect(huge.bodyLength == .max)
        let subdomain = try DKIMSignature(DKIMTagList(parsing: Array((Self.base + "; i=joe@Mail.Example.com; q=dns/txt").utf8)))
        #expect(subdomain.identityDomain == "mail.example.com")
    }
}
