import Foundation
@testable import DKIM
import MIME
import Testing

/// The verifier on its own (keys from an in-memory zone): results per signature, in every outcome.
@Suite struct DKIMVerificationTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func rfc8463ExampleVerifies() async throws {
        let results = await DKIMVerification.results(of: RFC8463Example.message, keys: InMemoryKeyZone(records: RFC8463Example.records), now: Self.now)
        #expect(results.count == 2)
        for result in results {
            #expect(result.verdict == .pass, "\(result)")
            #expect(result.domain == "football.example.com" && result.identity == "@football.example.com")
            #expect(!result.usesBodyLength && result.unsignedBodyOctets == 0)
        }
        #expect(results.map(\.selector) == ["brisbane", "test"])
        #expect(results.map(\.algorithm) == [.ed25519SHA256, .rsaSHA256])
    }

    @Test func keyCacheGivesTheSameResultsAndStaysBounded() async throws {
        let zone = InMemoryKeyZone(records: RFC8463Example.records)
        let uncached = await DKIMVerification.results(of: RFC8463Example.message, keys: zone, now: Self.now)
        let cache = DKIMKeyCache(capacity: 2)
        for _ in 0..<3 {
            let cached = await DKIMVerification.results(of: RFC8463Example.message, keys: zone, now: Self.now, keyCache: cache)
            #expect(cached == uncached)
        }
        #expect(cache.count == 2)
        let (message, otherZone, _) = try Self.signed(.ed25519SHA256)
        let other = await DKIMVerification.results(of: message, keys: otherZone, now: Self.now, keyCache: cache)
        #expect(other.map(\.verdict) == [.pass])
        #expect(cache.count == 1, "a full cache starts again empty")
    }

    /// Every split of the RFC example (header and body alike) gives the same results as the message whole.
    @Test func chunksOfEverySizeGiveTheSameResults() async throws {
        let zone = InMemoryKeyZone(records: RFC8463Example.records)
        let message = RFC8463Example.message
        let whole = await DKIMVerification.results(of: message, keys: zone, now: Self.now)
        let tampered = Array(String(decoding: message, as: UTF8.self).replacingOccurrences(of: "hungry", with: "angry").utf8)
        let tamperedWhole = await DKIMVerification.results(of: tampered, keys: zone, now: Self.now)
        #expect(tamperedWhole.map(\.verdict) == [.fail, .fail])
        for size in 1...message.count {
            for (bytes, expected) in [(message, whole), (tampered, tamperedWhole)] {
                var verification = DKIMVerification()
                var start = 0
                while start < bytes.count {
                    verification.append(bytes[start..<min(bytes.count, start + size)])
                    start += size
                }
                let results = await verification.results(keys: zone, now: Self.now)
                #expect(results == expected, "chunks of \(size)")
            }
        }
    }

    static func signed(_ algorithm: DKIMAlgorithm, selector: String = "sel", body: String = "Hello,\r\n\r\nthe body.\r\n") throws -> (message: [UInt8], zone: InMemoryKeyZone, txt: String) {
        let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: algorithm)
        let signer = try DKIMSigner(domain: "example.com", selector: selector, privateKeyPEM: pem, algorithm: algorithm)
        let message = Array("From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: test\r\nDate: Thu, 1 Dec 2026 10:00:00 +0000\r\n\r\n\(body)".utf8)
        return (try signer.signed(message, now: now), InMemoryKeyZone(records: ["\(selector)._domainkey.example.com": txt]), txt)
    }

    @Test(arguments: DKIMAlgorithm.allCases)
    func ourSignaturesVerify(algorithm: DKIMAlgorithm) async throws {
        let (message, zone, _) = try Self.signed(algorithm)
        let results = await DKIMVerification.results(of: message, keys: zone, now: Self.now)
        #expect(results.map(\.verdict) == [.pass], "\(results)")
        #expect(results.first?.domain == "example.com" && results.first?.selector == "sel")
    }

    @Test func unsignedMessageHasNoResults() async {
        let results = await DKIMVerification.results(of: Array("From: a@b.example\r\n\r\nbody\r\n".utf8), keys: InMemoryKeyZone(), now: Self.now)
        #expect(results.isEmpty)
    }

    @Test func dnsOutcomes() async throws {
        let (message, _, txt) = try Self.signed(.ed25519SHA256)
        let cases: [(DKIMKeyAnswer, DKIMVerdict)] = [
            (.temporaryFailure("timeout"), .temperror),
            (.nonexistentDomain, .permerror),
            (.noRecords, .permerror),
            (.records([]), .permerror),
            (.records([Array("v=DKIM1; k=ed25519; p=".utf8)]), .permerror),
            (.records([Array("garbage".utf8), Array(txt.utf8)]), .pass),
            (.records([Array("v=DKIM1; k=rsa; p=AAAA".utf8)]), .permerror),
            (.records([Array((txt + "; t=y").utf8)]), .pass),
            (.records([Array((txt + "; s=tlsrpt").utf8)]), .permerror),
            (.records([Array((txt + "; h=sha1").utf8)]), .permerror),
        ]
        for (answer, verdict) in cases {
            let results = await DKIMVerification.results(of: message, keys: InMemoryKeyZone(["sel._domainkey.example.com": answer]), now: Self.now)
            #expect(results.map(\.verdict) == [verdict], "\(answer): \(results)")
        }
        let testing = await DKIMVerification.results(of: message, keys: InMemoryKeyZone(["sel._domainkey.example.com": .records([Array((txt + "; t=y").utf8)])]), now: Self.now)
        #expect(testing.first?.testing == true)
    }

    @Test func multipleFromIsAPermanentError() async throws {
        let (message, zone, _) = try Self.signed(.rsaSHA256)
        let results = await DKIMVerification.results(of: Array("From: mallory@evil.example\r\n".utf8) + message, keys: zone, now: Self.now)
        #expect(results.map(\.verdict) == [.permerror])
        #expect(results.first?.failure == .multipleFrom(2))
    }

    @Test func signaturesOverTheLimitAreNotVerified() async throws {
        let (message, zone, _) = try Self.signed(.ed25519SHA256)
        let field = message.prefix { $0 != 0 }[..<(MessageHeader.fields(message[..<MessageHeader.split(message)!.headerEnd])[0].bytes.endIndex + 2)]
        let triple = Array(field) + Array(field) + message
        let results = await DKIMVerification.results(of: triple, keys: zone, now: Self.now, limits: DKIMVerificationLimits(maxSignatures: 2))
        #expect(results.map(\.verdict) == [.pass, .pass, .neutral])
        #expect(results.last?.failure == .notEvaluated(limit: 2))
    }

    @Test func headerOverTheLimit() async {
        var verification = DKIMVerification(limits: DKIMVerificationLimits(maxHeaderBytes: 100))
        verification.append(Array(("DKIM-Signature: " + String(repeating: "a", count: 200) + "\r\n\r\nbody").utf8))
        let results = await verification.results(keys: InMemoryKeyZone(), now: Self.now)
        #expect(results.map(\.failure) == [.headerTooLarge(limit: 100)])
    }
}
