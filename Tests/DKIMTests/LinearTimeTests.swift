import Dispatch
@testable import DKIM
import Foundation
import MIME
import Testing

/// Pathological tag lists and headers must be handled in time linear in their size. Each check runs an input of
/// size N and 4N and expects (a) a generous absolute bound, far below what a quadratic path would need, and (b) 4×
/// the input to cost under 12× the time, short of 16×, the quadratic ratio. Bounds are loose on purpose: other
/// builds share this machine (the same style as MIMETests' LinearTimeTests).
@Suite(.serialized) struct LinearTimeTests {
    static func seconds(_ body: () async -> Void) async -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func checkLinear(_ name: String, n: Int, make: (Int) -> [UInt8], run: ([UInt8]) async -> Void) async {
        let small = make(n)
        let large = make(4 * n)
        await run(small)  // warm-up
        var smallTime = Double.infinity
        var largeTime = Double.infinity
        // Best of five, interleaved: load on the machine only ever makes a run slower.
        for _ in 0..<5 {
            smallTime = min(smallTime, await seconds { await run(small) })
            largeTime = min(largeTime, await seconds { await run(large) })
        }
        #expect(largeTime < 30, "\(name): \(large.count) bytes took \(largeTime) s")
        #expect(largeTime < 12 * smallTime + 0.5, "\(name): 4x input took \(largeTime / max(smallTime, 1e-9))x time (\(smallTime) s → \(largeTime) s)")
    }

    static func parse(_ bytes: [UInt8]) async {
        _ = try? DKIMTagList(parsing: bytes)
    }

    @Test func pathologicalTagLists() async {
        let patterns: [(String, (Int) -> String)] = [
            ("many tags", { n in (0..<(n / 8)).map { "t\($0)=v" }.joined(separator: ";") }),
            ("one value with many blanks", { n in "n=" + String(repeating: "a ", count: n / 2) + "a" }),
            ("folding runs", { n in "v=1;" + String(repeating: "\r\n ", count: n / 3) + "a=b" }),
            ("many equals", { n in "b=" + String(repeating: "=", count: n) }),
            ("semicolons", { n in String(repeating: ";", count: n) }),
            ("blanks then no equals", { n in String(repeating: " ", count: n) + "x" }),
            ("long name", { n in String(repeating: "a", count: n) + "=1" }),
            ("duplicate at the end", { n in (0..<(n / 8)).map { "t\($0)=v" }.joined(separator: ";") + ";t0=v" }),
        ]
        for (name, make) in patterns {
            await Self.checkLinear(name, n: 1 << 16, make: { Array(make($0).utf8) }, run: Self.parse)
        }
    }

    /// Headers built to make selection and canonicalization do the most work: h= names a field thousands of times
    /// over thousands of instances, names absent fields, and fields fold into many lines. The signature cannot
    /// pass (it is not real); what is measured is getting to that verdict.
    @Test func pathologicalHeaders() async throws {
        let (_, txt) = try DKIMKeyGenerator.generate(algorithm: .ed25519SHA256)
        let zone = InMemoryKeyZone(records: ["s._domainkey.example.com": txt])
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        // The body hash of "body\r\n" (the same in both canonicalizations), so that verification reaches the
        // header hash, which is what these shapes load.
        let bodyHash = DKIMBodyHash(canonicalization: .simple, limit: nil)
        Array("body\r\n".utf8).withUnsafeBufferPointer { bodyHash.update($0) }
        let bh = Base64.encode(bodyHash.finish())
        let shapes: [(String, (Int) -> String)] = [
            ("h= repeating a field present as often", { n in
                let names = Array(repeating: "x", count: n / 8).joined(separator: ":")
                return "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from:\(names); bh=\(bh); b=AAAA\r\n"
                    + String(repeating: "X: y\r\n", count: n / 8) + "From: a@example.com\r\n\r\nbody\r\n"
            }),
            ("h= naming absent fields over many fields", { n in
                let names = (0..<(n / 16)).map { "absent\($0)" }.joined(separator: ":")
                return "DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; d=example.com; s=s; h=from:\(names); bh=\(bh); b=AAAA\r\n"
                    + String(repeating: "Y: z\r\n", count: n / 8) + "From: a@example.com\r\n\r\nbody\r\n"
            }),
            ("one field folded into many lines", { n in
                "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from:subject; bh=\(bh); b=AAAA\r\n"
                    + "Subject: a" + String(repeating: "\r\n \t b", count: n / 6) + "\r\nFrom: a@example.com\r\n\r\nbody\r\n"
            }),
            ("many signatures over the limit", { n in
                String(repeating: "DKIM-Signature: v=1; a=ed25519-sha256; d=example.com; s=s; h=from; bh=AAAA; b=AAAA\r\n", count: n / 90)
                    + "From: a@example.com\r\n\r\nbody\r\n"
            }),
            ("a body of blanks and line ends", { n in
                "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=example.com; s=s; h=from; bh=AAAA; b=AAAA\r\nFrom: a@example.com\r\n\r\n"
                    + String(repeating: " \t\r\n\r", count: n / 5)
            }),
        ]
        for (name, make) in shapes {
            await Self.checkLinear(name, n: 1 << 16, make: { Array(make($0).utf8) }) { bytes in
                let results = await DKIMVerification.results(of: bytes, keys: zone, now: now)
                #expect(!results.isEmpty && !results.contains { $0.verdict == .pass }, "\(name)")
            }
        }
    }
}
