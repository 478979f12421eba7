import Foundation
@testable import DKIM
import MIME
import MailgateTestSupport
import Testing

/// Signatures made here are checked by dkimpy, with the public key served through its `dnsfunc` hook.
@Suite struct DKIMSignerTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func message(subject: String = "Grüße, DKIM", attachments: [DraftAttachment] = []) throws -> [UInt8] {
        let draft = MessageDraft(
            from: MailAddress(name: "Alice Example", address: "alice@example.com"),
            to: [MailAddress(name: "Bob", address: "bob@example.org")],
            replyTo: [MailAddress(address: "replies@example.com")],
            subject: subject,
            text: "Hello Bob,\n\nthis message is signed.   Trailing blanks   \n\n\n",
            html: "<p>Hello <b>Bob</b></p>",
            attachments: attachments,
            messageID: "dkim.test@mail.example.com",
            date: now
        )
        return try MessageBuilder().build(draft)
    }

    /// Changes made to a signed message after signing, each of which must break the signature.
    static let tamperings: [(String, @Sendable ([UInt8]) -> [UInt8])] = [
        ("body changed", { bytes in Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "signed.", with: "forged.").utf8) }),
        ("subject changed", { bytes in Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Subject: ", with: "Subject: Re: ").utf8) }),
        ("second From added", { bytes in Array("From: mallory@evil.example\r\n".utf8) + bytes }),
        ("Cc added", { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let split = text.range(of: "\r\n\r\n")!
            return Array((text[..<split.lowerBound] + "\r\nCc: eve@evil.example" + text[split.lowerBound...]).utf8)
        }),
    ]

    @Test(arguments: DKIMAlgorithm.allCases)
    func dkimpyVerifiesAndDetectsTampering(algorithm: DKIMAlgorithm) async throws {
        let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: algorithm)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(txt.hasPrefix("v=DKIM1; k=\(algorithm == .rsaSHA256 ? "rsa" : "ed25519"); p="))
        let signer = try DKIMSigner(domain: "example.com", selector: "s2026", privateKeyPEM: pem, algorithm: algorithm)
        let attachment = DraftAttachment(filename: "data.bin", contentType: "application/octet-stream", data: Array(0...255))
        var messages: [(bytes: [UInt8], name: String, txt: String)] = []
        for message in [try Self.message(), try Self.message(subject: String(repeating: "long subject ", count: 20), attachments: [attachment])] {
            let field = try signer.sign(message, now: Self.now)
            let unfolded = field.replacingOccurrences(of: "\r\n\t", with: " ")
            #expect(unfolded.hasPrefix("DKIM-Signature: v=1; a=\(algorithm.rawValue); c=relaxed/relaxed; d=example.com; s=s2026; t=1796000000;"))
            #expect(unfolded.contains(" h=from:from:to:cc:subject:date:message-id:reply-to:mime-version:content-type;"))
            #expect(field.hasSuffix("\r\n"))
            for line in field.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
            let signed = Array(field.utf8) + message
            messages.append((signed, "s2026._domainkey.example.com", txt))
            for (_, tamper) in Self.tamperings { messages.append((tamper(signed), "s2026._domainkey.example.com", txt)) }
        }
        let results = try await DkimpyVerifier().verify(messages)
        #expect(results.count == messages.count)
        let perMessage = Self.tamperings.count + 1
        for (index, result) in results.enumerated() {
            if index % perMessage == 0 {
                #expect(result.valid, "signed message \(index) failed: \(result.log)")
            } else {
                #expect(!result.valid, "\(Self.tamperings[index % perMessage - 1].0) still verifies")
            }
        }
    }

    /// One signer shared by concurrent tasks (as the send API will): every signature is valid.
    @Test(arguments: DKIMAlgorithm.allCases)
    func concurrentSigningWithOneSigner(algorithm: DKIMAlgorithm) async throws {
        let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: algorithm)
        let signer = try DKIMSigner(domain: "example.com", selector: "c", privateKeyPEM: pem, algorithm: algorithm)
        let messages = try (0..<16).map { try Self.message(subject: "concurrent \($0)") }
        let signed = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask { (index, try signer.signed(message, now: Self.now)) }
            }
            var results: [(Int, [UInt8])] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let results = try await DkimpyVerifier().verify(signed.map { ($0, "c._domainkey.example.com", txt) })
        #expect(results.map(\.valid) == Array(repeating: true, count: 16), "\(results.filter { !$0.valid }.map(\.log))")
    }

    /// A signature from another key (same selector) fails: the test above does not pass by accident.
    @Test func aSignatureFromAnotherKeyFails() async throws {
        let (pem, _) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        let (_, otherTXT) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        let message = try Self.message()
        let field = try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: pem, algorithm: .ed25519SHA256).sign(message, now: Self.now)
        let results = try await DkimpyVerifier().verify([(Array(field.utf8) + message, "s._domainkey.example.com", otherTXT)])
        #expect(results.map(\.valid) == [false])
    }

    /// `openssl genrsa -traditional` writes `BEGIN RSA PRIVATE KEY`, as older DKIM tools (opendkim-genkey) do.
    @Test func traditionalRSAKeysAreRead() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/rsa.pem"
        let generated = try await ExternalTool.run("openssl", ["genrsa", "-traditional", "-out", path, "2048"])
        try #require(generated.status == 0, "\(generated.output)")
        let pem = try String(contentsOfFile: path, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let signer = try DKIMSigner(domain: "Example.COM", selector: "legacy", privateKeyPEM: pem, algorithm: .rsaSHA256)
        let publicKey = Base64.encode(try DKIMPrivateKey(pem: pem, algorithm: .rsaSHA256).publicKeyBytes())
        let message = try Self.message()
        let signed = try signer.signed(message, now: Self.now)
        #expect(String(decoding: signed, as: UTF8.self).contains("d=example.com;"))
        #expect(signed.suffix(message.count).elementsEqual(message) && signed.starts(with: Array("DKIM-Signature: ".utf8)))
        let results = try await DkimpyVerifier().verify([(signed, "legacy._domainkey.example.com", "v=DKIM1; k=rsa; p=" + publicKey)])
        #expect(results.map(\.valid) == [true], "\(results.map(\.log))")
    }

    @Test func unusableKeysAreRefused() async throws {
        let (rsa, _) = try DKIMKeyGenerator.generate(algorithm: .rsaSHA256)
        let (ed25519, _) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        #expect(throws: DKIMError.keyAlgorithmMismatch(expected: .ed25519SHA256)) {
            try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: rsa, algorithm: .ed25519SHA256)
        }
        #expect(throws: DKIMError.keyAlgorithmMismatch(expected: .rsaSHA256)) {
            try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: ed25519, algorithm: .rsaSHA256)
        }
        #expect(throws: DKIMError.unreadableKey) {
            try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", algorithm: .rsaSHA256)
        }
        #expect(throws: DKIMError.invalidName("exa mple.com")) {
            try DKIMSigner(domain: "exa mple.com", selector: "s", privateKeyPEM: rsa, algorithm: .rsaSHA256)
        }
        #expect(throws: DKIMError.invalidName("s;x=y")) {
            try DKIMSigner(domain: "example.com", selector: "s;x=y", privateKeyPEM: rsa, algorithm: .rsaSHA256)
        }
        let directory = try TemporaryDirectory()
        let path = directory.path + "/small.pem"
        let generated = try await ExternalTool.run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768", "-out", path])
        try #require(generated.status == 0, "\(generated.output)")
        #expect(throws: DKIMError.keyTooSmall(bits: 768)) {
            try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: try String(contentsOfFile: path, encoding: .utf8), algorithm: .rsaSHA256)
        }
    }

    @Test func messagesWithoutHeaderOrFromAreRefused() throws {
        let (pem, _) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        let signer = try DKIMSigner(domain: "example.com", selector: "s", privateKeyPEM: pem, algorithm: .ed25519SHA256)
        #expect(throws: DKIMError.malformedMessage("no empty line after the header")) { try signer.sign(Array("From: a@b".utf8), now: Self.now) }
        #expect(throws: DKIMError.malformedMessage("no From field")) { try signer.sign(Array("To: a@b\r\n\r\nbody\r\n".utf8), now: Self.now) }
    }
}
