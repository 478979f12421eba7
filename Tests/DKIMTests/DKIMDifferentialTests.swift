import DKIM
import Foundation
import MIME
import Testing

/// Our verifier against dkimpy on the same messages and the same zone: `dkim_differential.py` signs with dkimpy
/// (and takes messages our signer signed), breaks each signature in every position, and reports dkimpy's verdict
/// per signature with the verdict RFC 6376 asks of us. Ours must be that verdict, and pass exactly where dkimpy
/// passes, except in the cases below, where dkimpy is more lenient than the RFC.
@Suite struct DKIMDifferentialTests {
    /// Where dkimpy 1.1 passes a signature the RFCs say must not pass, and why we do not.
    static let dkimpyDeviations: [String: String] = [
        "h= without From": "RFC 6376 §5.4 requires From to be signed; dkimpy's signer enforces it, its verifier does not",
        "key t=s, i= in a subdomain": "RFC 6376 §3.6.1 t=s forbids i= in a subdomain of d=; dkimpy ignores the key's t= flags",
        "l= past the body": "an l= larger than the canonical body hashes octets that are not there (RFC 6376 §6.1.3); dkimpy hashes what there is",
    ]

    struct Key: Encodable {
        var pem: String
        var txt: String
    }

    struct Ours: Encodable {
        var name: String
        var message: String
    }

    struct Input: Encodable {
        var now: Int
        var keys: [String: Key]
        var ours: [Ours]
    }

    struct Case: Decodable {
        var name: String
        var message: String
        var expected: [String]
        var dkimpy: [Bool]
        var log: String
    }

    struct Output: Decodable {
        var zone: [String: String]
        var cases: [Case]
    }

    @Test func verdictsMatchDkimpy() async throws {
        var keys: [String: Key] = [:]
        for bits in [1024, 2048, 4096] {
            let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: .rsaSHA256, rsaBits: bits)
            keys["rsa\(bits)"] = Key(pem: pem, txt: txt)
        }
        let (edPEM, edTXT) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        keys["ed25519"] = Key(pem: edPEM, txt: edTXT)
        let nowSeconds = Int(Date().timeIntervalSince1970)
        let now = Date(timeIntervalSince1970: TimeInterval(nowSeconds))
        var ours: [Ours] = []
        for (selector, algorithm) in [("rsa2048", DKIMAlgorithm.rsaSHA256), ("ed25519", .ed25519SHA256)] {
            let signer = try DKIMSigner(domain: "example.com", selector: selector, privateKeyPEM: keys[selector]!.pem, algorithm: algorithm)
            let message = try DKIMSignerTests.message()
            ours.append(Ours(name: selector, message: Base64.encode(try signer.signed(message, now: now))))
        }

        let output = try await DifferentialScript.run("dkim_differential.py", input: Input(now: nowSeconds, keys: keys, ours: ours), as: Output.self)
        let zone = InMemoryKeyZone(scriptZone: output.zone)
        #expect(output.cases.count > 250)
        var deviationsSeen = Set<String>()
        for testCase in output.cases {
            let message = Base64.decode(Array(testCase.message.utf8))
            let results = await DKIMVerification.results(of: message, keys: zone, now: now)
            #expect(results.map(\.verdict.rawValue) == testCase.expected, "\(testCase.name): \(results)")
            let agrees = results.count == testCase.dkimpy.count && zip(results, testCase.dkimpy).allSatisfy { ($0.verdict == .pass) == $1 }
            if Self.dkimpyDeviations[testCase.name] != nil {
                deviationsSeen.insert(testCase.name)
                #expect(!agrees, "\(testCase.name): dkimpy no longer deviates; remove it from the list")
            } else {
                #expect(agrees, "\(testCase.name): ours \(results.map(\.verdict)), dkimpy \(testCase.dkimpy)\n\(testCase.log)")
            }
            // The same verdicts when the message streams in, in chunks that split lines, CRLFs and the header end.
            for size in [7, 64] {
                var verification = DKIMVerification()
                var start = 0
                while start < message.count {
                    verification.append(message[start..<min(message.count, start + size)])
                    start += size
                }
                let streamed = await verification.results(keys: zone, now: now)
                #expect(streamed == results, "\(testCase.name) in chunks of \(size)")
            }
            // l= is reported, and what it leaves unsigned counted.
            if testCase.name.hasSuffix("l=: body extended") || testCase.name == "l= within the body, content appended" {
                #expect(results.first?.usesBodyLength == true && (results.first?.unsignedBodyOctets ?? 0) > 0, "\(testCase.name)")
            }
        }
        #expect(deviationsSeen == Set(Self.dkimpyDeviations.keys))
    }
}
