import Foundation
import MailAuth
import Testing

/// Pathological records must parse (and their domain-specs expand) in time linear in their size. As in the
/// MIME module's LinearTimeTests: an input of size N and 4N, best of five interleaved, a generous absolute
/// bound, and 4x the input under 12x the time (quadratic is 16x). Bounds are loose on purpose: other builds
/// share this machine.
@Suite(.serialized) struct SPFLinearTimeTests {
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static let context = SPFMacroContext(
        sender: "a@b.example", localPart: "a", senderDomain: "b.example", domain: "b.example",
        ip: IPAddress("192.0.2.1")!, helo: "h.example", receiver: "r.example", timestamp: 0)

    /// Parses the record and expands every domain-spec in it, whether or not it parses.
    static func work(_ text: String) {
        guard let record = try? SPFRecordParser.parse(text) else { return }
        for directive in record.directives {
            switch directive.mechanism {
            case .include(let spec), .exists(let spec), .a(let spec?, _), .mx(let spec?, _), .ptr(let spec?):
                _ = SPFMacroExpander.expandDomain(spec, context: context)
            default: break
            }
        }
    }

    static func checkLinear(_ name: String, n: Int, make: (Int) -> String) {
        let small = make(n)
        let large = make(4 * n)
        work(small)
        var smallTime = Double.infinity
        var largeTime = Double.infinity
        for _ in 0..<5 {
            smallTime = min(smallTime, seconds { work(small) })
            largeTime = min(largeTime, seconds { work(large) })
        }
        #expect(largeTime < 30, "\(name): \(large.utf8.count) bytes took \(largeTime) s")
        #expect(largeTime < 12 * smallTime + 0.5, "\(name): 4x input took \(largeTime / max(smallTime, 1e-9))x time (\(smallTime) s → \(largeTime) s)")
    }

    @Test func pathologicalRecords() {
        let patterns: [(String, (Int) -> String)] = [
            ("spaces", { "v=spf1" + String(repeating: " ", count: $0) + "-all" }),
            ("many terms", { "v=spf1" + String(repeating: " a", count: $0 / 2) }),
            ("many modifiers", { "v=spf1" + String(repeating: " x=y", count: $0 / 4) }),
            ("one long term of dots", { "v=spf1 exists:" + String(repeating: "a.", count: $0 / 2) + "com" }),
            ("macros", { "v=spf1 exists:" + String(repeating: "%{d2r+-.}", count: $0 / 9) + ".com" }),
            ("escapes", { "v=spf1 a:" + String(repeating: "%%%_%-", count: $0 / 6) + ".com" }),
            ("slashes", { "v=spf1 a:x.com" + String(repeating: "/", count: $0) + "24" }),
            ("digits", { "v=spf1 a:x.com/" + String(repeating: "9", count: $0) }),
            ("colons", { "v=spf1 ip6:" + String(repeating: ":", count: $0) }),
            ("unterminated macro", { "v=spf1 exists:%{d" + String(repeating: "1", count: $0) }),
            ("long top label", { "v=spf1 a:x." + String(repeating: "a-", count: $0 / 2) + "b" }),
            ("equals", { "v=spf1 " + String(repeating: "a", count: $0) + "=" }),
        ]
        for (name, make) in patterns {
            Self.checkLinear(name, n: 1 << 16, make: make)
        }
    }

    @Test func longExpansionLosesLabelsInLinearTime() {
        Self.checkLinear("expansion of a long local part", n: 1 << 15) { n in
            "v=spf1 exists:" + String(repeating: "%{d}.", count: n / 5) + "com"
        }
    }
}
