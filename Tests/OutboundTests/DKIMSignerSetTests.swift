import DKIM
import Foundation
import MailModel
import Queue
import Testing

@testable import Outbound

/// Which key signs which message: the From: domain or its nearest parent with a key; no key, no signature.
@Suite struct DKIMSignerSetTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func signer(_ domain: String, selector: String = "s1") throws -> DKIMSigner {
        let key = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        return try DKIMSigner(domain: domain, selector: selector, privateKeyPEM: key.privateKeyPEM, algorithm: .ed25519SHA256)
    }

    static func message(from: String) -> [UInt8] {
        Array("From: Ann <\(from)>\r\nTo: bob@example.net\r\nSubject: hi\r\n\r\nhello\r\n".utf8)
    }

    /// The `d=` and `s=` tags of the signature in front of `bytes`, or nil when unsigned.
    static func signatureTags(_ bytes: [UInt8]) -> (domain: String, selector: String)? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix("DKIM-Signature:") else { return nil }
        let header = text.components(separatedBy: "\r\nFrom:")[0]
        func tag(_ name: String) -> String? {
            header.components(separatedBy: ";").lazy.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        guard let domain = tag("d"), let selector = tag("s") else { return nil }
        return (domain, selector)
    }

    @Test func theFromDomainItselfIsSignedWithItsKey() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        let signed = try set.sign(Self.message(from: "ann@example.com"), now: Self.now)
        #expect(Self.signatureTags(signed)?.domain == "example.com")
        #expect(signed.count > Self.message(from: "ann@example.com").count)
    }

    /// RFC 6376 §5.3: an 8-bit body is re-encoded before signing, so no later 7-bit downgrade breaks the signature;
    /// a message without a key keeps its 8 bits (the transport re-encodes it only if it has to).
    @Test func anEightBitMessageIsSignedInItsSevenBitForm() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        let eightBit = Array("From: ann@example.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\n".utf8)
        let signed = try set.sign(eightBit, now: Self.now)
        #expect(Self.signatureTags(signed)?.domain == "example.com")
        #expect(signed.allSatisfy { $0 < 0x80 })
        #expect(String(decoding: signed, as: UTF8.self).hasSuffix("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe\r\n"))
        let unsignedSet = DKIMSignerSet([try Self.signer("example.org")])
        #expect(try unsignedSet.sign(eightBit, now: Self.now) == eightBit)
    }

    @Test func aSubdomainIsSignedWithTheParentsKey() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        #expect(set.signer(forAddress: "ann@news.mail.example.com")?.domain == "example.com")
        let signed = try set.sign(Self.message(from: "ann@news.example.com"), now: Self.now)
        #expect(Self.signatureTags(signed)?.domain == "example.com")
    }

    @Test func theMostSpecificKeyWins() throws {
        let set = DKIMSignerSet([
            try Self.signer("example.com", selector: "parent"), try Self.signer("mail.example.com", selector: "child"),
        ])
        #expect(set.signer(forAddress: "ann@news.mail.example.com")?.selector == "child")
        #expect(set.signer(forAddress: "ann@mail.example.com")?.selector == "child")
        #expect(set.signer(forAddress: "ann@other.example.com")?.selector == "parent")
        let signed = try set.sign(Self.message(from: "ann@x.mail.example.com"), now: Self.now)
        #expect(Self.signatureTags(signed)?.selector == "child")
    }

    @Test func domainsAreComparedWithoutCaseAndTrailingDot() throws {
        let set = DKIMSignerSet([try Self.signer("Example.COM")])
        #expect(set.signer(forAddress: "ann@EXAMPLE.com.")?.domain == "example.com")
    }

    @Test func noKeyForTheDomainLeavesTheMessageUnchanged() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        let message = Self.message(from: "ann@example.org")
        #expect(try set.sign(message, now: Self.now) == message)
        // A name that merely ends like the domain is not a subdomain of it.
        #expect(set.signer(forAddress: "ann@notexample.com") == nil)
        #expect(try DKIMSignerSet().sign(Self.message(from: "ann@example.com"), now: Self.now) == Self.message(from: "ann@example.com"))
    }

    @Test func theKeyIsChosenByTheHeaderFromNotTheEnvelope() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        #expect(DKIMSignerSet.fromAddress(Self.message(from: "ann@example.com")) == "ann@example.com")
        let noFrom = Array("To: bob@example.net\r\n\r\nbody\r\n".utf8)
        #expect(try set.sign(noFrom, now: Self.now) == noFrom)
    }

    @Test func smtpMailIsSignedAtRelayTimeDeterministicallyAndAPIMailNot() throws {
        let set = DKIMSignerSet([try Self.signer("example.com")])
        let body = Self.message(from: "ann@example.com")
        func stored(origin: String) -> StoredMessage {
            StoredMessage(
                id: MessageID("m1"),
                envelope: Envelope(mailFrom: "ann@example.com", rcptTo: ["bob@example.net"], size: body.count, receivedAt: Self.now),
                metadata: [OutboundMessageMetadata.origin: origin], size: body.count, createdAt: Self.now)
        }
        let smtp = stored(origin: OutboundMessageMetadata.originSMTP)
        let first = try set.relayedBytes(of: smtp, body: body)
        #expect(Self.signatureTags(first)?.domain == "example.com")
        #expect(first.starts(with: Array("DKIM-Signature:".utf8)))
        // Each attempt and the raw endpoint compute the same bytes.
        #expect(try set.relayedBytes(of: smtp, body: body) == first)
        #expect(try set.relayedBytes(of: stored(origin: OutboundMessageMetadata.originAPI), body: body) == body)
    }
}
