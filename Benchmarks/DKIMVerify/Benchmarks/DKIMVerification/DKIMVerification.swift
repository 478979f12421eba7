import Benchmark
import DKIM
import Foundation
import MIME

/// Verification of one 5 KiB message (a typical text + HTML mail, relaxed/relaxed, our signer's ten header
/// fields) with the key already in the resolver's cache: the lookup answers from memory, so what is measured
/// is the verifier's own CPU: the key record is parsed each time (the resolver caches TXT records), the key itself
/// comes from the `DKIMKeyCache` after the first message.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.cpuTotal, .wallClock, .mallocCountTotal, .throughput],
        // A thousand verifications per sample: the CPU clock ticks too coarsely to time one.
        scalingFactor: .kilo,
        maxDuration: .seconds(10),
        maxIterations: 200
    )
    for algorithm in DKIMAlgorithm.allCases {
        let fixture = try! Fixture(algorithm: algorithm)
        let cache = DKIMKeyCache()
        Benchmark("verify 5 KiB, \(algorithm.rawValue)") { benchmark async in
            for _ in benchmark.scaledIterations {
                let results = await DKIMVerification.results(of: fixture.message, keys: fixture.zone, now: fixture.now, keyCache: cache)
                precondition(results.first?.verdict == .pass)
                blackHole(results)
            }
        }
    }
}

struct Fixture: Sendable {
    struct Zone: DKIMKeyLookup {
        var record: [UInt8]
        func txtRecords(at name: String) async -> DKIMKeyAnswer { .records([record]) }
    }

    let message: [UInt8]
    let zone: Zone
    let now = Date(timeIntervalSince1970: 1_796_000_000)

    init(algorithm: DKIMAlgorithm) throws {
        let (pem, txt) = try DKIMKeyGenerator.generate(algorithm: algorithm)
        let paragraph = "The quarterly numbers are in, and they look better than expected. Details follow below.\n"
        let draft = MessageDraft(
            from: MailAddress(name: "Alice Example", address: "alice@example.com"),
            to: [MailAddress(name: "Bob", address: "bob@example.org")],
            subject: "Quarterly report",
            text: String(repeating: paragraph, count: 24),
            html: "<p>" + String(repeating: paragraph, count: 24) + "</p>",
            messageID: "bench@example.com",
            date: now
        )
        let body = try MessageBuilder().build(draft)
        let signer = try DKIMSigner(domain: "example.com", selector: "bench", privateKeyPEM: pem, algorithm: algorithm)
        message = try signer.signed(body, now: now)
        precondition((4608...5632).contains(message.count), "the fixture is \(message.count) octets, not about 5 KiB")
        zone = Zone(record: Array(txt.utf8))
    }
}
