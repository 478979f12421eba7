import Foundation
import MailAuth
import Testing

/// check_host() over a zone in memory: RFC 7208 Appendix A's examples, include and redirect semantics, the
/// limits of §4.6.4, explanations, and DNS failures (temperror, never fail).
@Suite struct SPFEvaluatorTests {
    /// RFC 7208 Appendix A's zone; each test adds the records it evaluates.
    static let appendixA: [String: [MemoryZone.Record]] = [
        "example.com": [.mx(10, "mail-a.example.com"), .mx(20, "mail-b.example.com"), .address("192.0.2.10"), .address("192.0.2.11")],
        "amy.example.com": [.address("192.0.2.65")],
        "bob.example.com": [.address("192.0.2.66")],
        "mail-a.example.com": [.address("192.0.2.129")],
        "mail-b.example.com": [.address("192.0.2.130")],
        "example.org": [.mx(10, "mail-c.example.org")],
        "mail-c.example.org": [.address("192.0.2.140")],
        "10.2.0.192.in-addr.arpa": [.ptr("example.com")],
        "11.2.0.192.in-addr.arpa": [.ptr("example.com")],
        "65.2.0.192.in-addr.arpa": [.ptr("amy.example.com")],
        "66.2.0.192.in-addr.arpa": [.ptr("bob.example.com")],
        "129.2.0.192.in-addr.arpa": [.ptr("mail-a.example.com")],
        "130.2.0.192.in-addr.arpa": [.ptr("mail-b.example.com")],
        "140.2.0.192.in-addr.arpa": [.ptr("mail-c.example.org")],
    ]

    static func check(_ record: String, ip: String, extra: [String: [MemoryZone.Record]] = [:], failing: Set<String> = [], sender: String = "user@example.com") async -> SPFVerdict {
        var records = appendixA.merging(extra) { $0 + $1 }
        records["example.com", default: []].append(.txt(record))
        let evaluator = SPFEvaluator(dns: MemoryZone(records, failing: failing))
        return await evaluator.checkMailFrom(ip: IPAddress(ip)!, mailFrom: sender, helo: "mx.example.org", timestamp: 0)
    }

    /// Appendix A.1: each record, then the addresses and their results.
    @Test(arguments: [
        ("v=spf1 +all", [("192.0.2.1", SPFResult.pass), ("10.0.0.1", .pass)]),
        ("v=spf1 a -all", [("192.0.2.10", .pass), ("192.0.2.11", .pass), ("192.0.2.65", .fail)]),
        ("v=spf1 a:example.org -all", [("192.0.2.10", .fail), ("192.0.2.140", .fail)]),
        ("v=spf1 mx -all", [("192.0.2.129", .pass), ("192.0.2.130", .pass), ("192.0.2.10", .fail)]),
        ("v=spf1 mx:example.org -all", [("192.0.2.140", .pass), ("192.0.2.129", .fail)]),
        ("v=spf1 mx mx:example.org -all", [("192.0.2.129", .pass), ("192.0.2.140", .pass), ("192.0.2.65", .fail)]),
        ("v=spf1 mx/30 mx:example.org/30 -all", [("192.0.2.131", .pass), ("192.0.2.143", .pass), ("192.0.2.144", .fail)]),
        ("v=spf1 ptr -all", [("192.0.2.65", .pass), ("192.0.2.140", .fail), ("10.0.0.4", .fail)]),
        ("v=spf1 ip4:192.0.2.128/28 -all", [("192.0.2.65", .fail), ("192.0.2.129", .pass)]),
    ])
    func appendixASimpleExamples(_ record: String, _ expectations: [(String, SPFResult)]) async {
        for (ip, result) in expectations {
            let verdict = await Self.check(record, ip: ip)
            #expect(verdict.result == result, "\(record) for \(ip): \(verdict)")
            #expect(verdict.domain == "example.com")
        }
    }

    @Test func verdictNamesTheDomainAndMechanism() async {
        let verdict = await Self.check("v=spf1 ip4:192.0.2.0/24 -include:_spf.example.net ~all", ip: "198.51.100.1",
                                       extra: ["_spf.example.net": [.txt("v=spf1 ip4:198.51.100.0/24 -all")]])
        #expect(verdict == SPFVerdict(identity: .mailFrom, result: .fail, domain: "example.com", mechanism: "-include:_spf.example.net"))
        let redirected = await Self.check("v=spf1 redirect=_spf.example.net", ip: "198.51.100.1",
                                          extra: ["_spf.example.net": [.txt("v=spf1 ip4:198.51.100.0/24 -all")]])
        #expect(redirected == SPFVerdict(identity: .mailFrom, result: .pass, domain: "_spf.example.net", mechanism: "ip4:198.51.100.0/24"))
        let neutral = await Self.check("v=spf1 ip4:192.0.2.1", ip: "198.51.100.1")
        #expect(neutral.result == .neutral && neutral.mechanism == nil)
    }

    /// Appendix A.4: both an address range and a PTR name are required.
    @Test func appendixAMultipleRequirements() async {
        let extra: [String: [MemoryZone.Record]] = [
            "ip4._spf.example.com": [.txt("v=spf1 -ip4:192.0.2.0/24 +all")],
            "ptr._spf.example.com": [.txt("v=spf1 -ptr:example.com +all")],
        ]
        let record = "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all"
        #expect(await Self.check(record, ip: "192.0.2.65", extra: extra).result == .pass)
        #expect(await Self.check(record, ip: "198.51.100.1", extra: extra).result == .fail)
        #expect(await Self.check(record, ip: "192.0.2.140", extra: extra).result == .fail)
    }

    @Test func includeResults() async {
        let extra: [String: [MemoryZone.Record]] = [
            "pass.example.net": [.txt("v=spf1 +all")],
            "fail.example.net": [.txt("v=spf1 -all")],
            "soft.example.net": [.txt("v=spf1 ~all")],
            "neutral.example.net": [.txt("v=spf1 ?all")],
            "perm.example.net": [.txt("v=spf1 moo")],
            "none.example.net": [.txt("not spf")],
            "temp.example.net": [.txt("v=spf1 a:down.example.net -all")],
        ]
        let failing: Set<String> = ["down.example.net"]
        for (target, result) in [("pass", SPFResult.fail), ("fail", .neutral), ("soft", .neutral), ("neutral", .neutral),
                                 ("perm", .permerror), ("none", .permerror), ("temp", .temperror), ("nx", .permerror)] {
            let verdict = await Self.check("v=spf1 -include:\(target).example.net ?all", ip: "192.0.2.1", extra: extra, failing: failing)
            #expect(verdict.result == result, "include:\(target): \(verdict)")
        }
    }

    @Test func redirectSemantics() async {
        let extra: [String: [MemoryZone.Record]] = ["target.example.net": [.txt("v=spf1 -all")], "empty.example.net": [.txt("other")]]
        // Used only when nothing matched; never with "all" (which always matches).
        #expect(await Self.check("v=spf1 ip4:192.0.2.1 redirect=target.example.net", ip: "192.0.2.1", extra: extra).result == .pass)
        #expect(await Self.check("v=spf1 ip4:192.0.2.1 redirect=target.example.net", ip: "192.0.2.2", extra: extra).result == .fail)
        #expect(await Self.check("v=spf1 redirect=target.example.net ?all", ip: "192.0.2.2", extra: extra).result == .neutral)
        // A redirect to a domain without a record is a permerror, not none.
        #expect(await Self.check("v=spf1 redirect=empty.example.net", ip: "192.0.2.2", extra: extra).result == .permerror)
        #expect(await Self.check("v=spf1 redirect=nx.example.net", ip: "192.0.2.2", extra: extra).result == .permerror)
    }

    @Test func tenDNSQueryingTermsAndNotOneMore() async {
        var extra: [String: [MemoryZone.Record]] = [:]
        for index in 1...11 { extra["h\(index).example.net"] = [.address("198.51.100.\(index)")] }
        let ten = "v=spf1 " + (1...10).map { "a:h\($0).example.net" }.joined(separator: " ") + " -all"
        let eleven = "v=spf1 " + (1...11).map { "a:h\($0).example.net" }.joined(separator: " ") + " -all"
        #expect(await Self.check(ten, ip: "198.51.100.10", extra: extra).result == .pass)
        #expect(await Self.check(ten, ip: "192.0.2.1", extra: extra).result == .fail)
        let over = await Self.check(eleven, ip: "198.51.100.11", extra: extra)
        #expect(over.result == .permerror)
        #expect(over.problem?.contains("more than 10 DNS-querying terms") == true)
        // ip4, ip6 and all do not count; an unused redirect does not either.
        #expect(await Self.check(ten.replacingOccurrences(of: " -all", with: " ip4:192.0.2.1 ip4:192.0.2.2 redirect=x.example.net"), ip: "192.0.2.2", extra: extra).result == .pass)
        // Includes count with what they evaluate, across records.
        extra["inc.example.net"] = [.txt("v=spf1 " + (1...9).map { "a:h\($0).example.net" }.joined(separator: " "))]
        #expect(await Self.check("v=spf1 include:inc.example.net a:h10.example.net -all", ip: "198.51.100.10", extra: extra).result == .permerror)
        #expect(await Self.check("v=spf1 include:inc.example.net -all", ip: "198.51.100.9", extra: extra).result == .pass)
        // A loop ends at the limit.
        #expect(await Self.check("v=spf1 include:example.com -all", ip: "192.0.2.1").result == .permerror)
    }

    @Test func twoVoidLookupsAndNotOneMore() async {
        let two = await Self.check("v=spf1 a:nx1.example.net mx:nx2.example.net -all", ip: "192.0.2.1")
        #expect(two.result == .fail)
        let three = await Self.check("v=spf1 a:nx1.example.net exists:nx2.example.net a:example.org -all", ip: "192.0.2.1")
        #expect(three.result == .permerror)
        #expect(three.problem?.contains("void") == true)
        // No data counts like no such name.
        #expect(await Self.check("v=spf1 a:example.org mx:amy.example.com a:amy.example.com a:example.org -all", ip: "192.0.2.1").result == .permerror)
    }

    @Test func mxAndPTRRecordLimits() async {
        var extra: [String: [MemoryZone.Record]] = ["many.example.net": (1...11).map { .mx(UInt16($0), "mx\($0).example.net") }]
        for index in 1...11 { extra["mx\(index).example.net"] = [.address("198.51.100.\(index)")] }
        let mx = await Self.check("v=spf1 mx:many.example.net -all", ip: "198.51.100.1", extra: extra)
        #expect(mx.result == .permerror)
        // PTR names past the tenth are ignored: the eleventh, the only one that validates, does not count.
        extra["1.100.51.198.in-addr.arpa"] = (1...11).map { .ptr("p\($0).example.com") }
        for index in 1...10 { extra["p\(index).example.com"] = [.address("203.0.113.1")] }
        extra["p11.example.com"] = [.address("198.51.100.1")]
        #expect(await Self.check("v=spf1 ptr -all", ip: "198.51.100.1", extra: extra).result == .fail)
        extra["1.100.51.198.in-addr.arpa"] = [.ptr("p11.example.com")]
        #expect(await Self.check("v=spf1 ptr -all", ip: "198.51.100.1", extra: extra).result == .pass)
    }

    @Test func dnsFailuresAreTemperrorNeverFail() async {
        let failing: Set<String> = ["down.example.net", "65.2.0.192.in-addr.arpa"]
        #expect(await Self.check("v=spf1 a:down.example.net -all", ip: "192.0.2.1", failing: failing).result == .temperror)
        #expect(await Self.check("v=spf1 mx:down.example.net -all", ip: "192.0.2.1", failing: failing).result == .temperror)
        #expect(await Self.check("v=spf1 exists:down.example.net -all", ip: "192.0.2.1", failing: failing).result == .temperror)
        #expect(await Self.check("v=spf1 include:down.example.net -all", ip: "192.0.2.1", failing: failing).result == .temperror)
        // A match before the failing term decides.
        #expect(await Self.check("v=spf1 ip4:192.0.2.1 a:down.example.net -all", ip: "192.0.2.1", failing: failing).result == .pass)
        // The record's own lookup.
        let evaluator = SPFEvaluator(dns: MemoryZone([:], failing: ["example.com"]))
        #expect(await evaluator.checkMailFrom(ip: IPAddress("192.0.2.1")!, mailFrom: "a@example.com", helo: "h.example", timestamp: 0).result == .temperror)
        // ptr: a failed PTR lookup only makes it not match (§5.5).
        #expect(await Self.check("v=spf1 ptr -all", ip: "192.0.2.65", failing: failing).result == .fail)
        #expect(await Self.check("v=spf1 ptr ?all", ip: "192.0.2.65", failing: failing).result == .neutral)
    }

    @Test func explanationOnFailOnly() async {
        let extra: [String: [MemoryZone.Record]] = [
            "explain.example.com": [.txt("%{i} is not one of %{d}'s designated mail servers (%{c}, %{l}).")],
            "two.example.com": [.txt("one"), .txt("two")],
            "bad.example.com": [.txt("%{x}")],
        ]
        let fail = await Self.check("v=spf1 mx -all exp=explain.%{d}", ip: "192.0.2.1", extra: extra, sender: "Joe@example.com")
        #expect(fail.result == .fail)
        #expect(fail.explanation == "192.0.2.1 is not one of example.com's designated mail servers (192.0.2.1, Joe).")
        #expect(await Self.check("v=spf1 mx ~all exp=explain.%{d}", ip: "192.0.2.1", extra: extra).explanation == nil)
        // Several records, bad syntax, no record, a failure: no explanation, still fail.
        for target in ["two.example.com", "bad.example.com", "nx.example.com", "down.example.com"] {
            let verdict = await Self.check("v=spf1 -all exp=\(target)", ip: "192.0.2.1", extra: extra, failing: ["down.example.com"])
            #expect(verdict.result == .fail && verdict.explanation == nil, "\(target)")
        }
    }

    @Test func recordSelectionAndSyntax() async {
        #expect(await Self.check("not spf", ip: "192.0.2.1").result == .none)
        let two = await Self.check("v=spf1 -all", ip: "192.0.2.1", extra: ["example.com": [.txt("v=spf1 +all")]])
        #expect(two.result == .permerror)
        // A syntax error anywhere is a permerror, even after a matching term.
        #expect(await Self.check("v=spf1 +all moo", ip: "192.0.2.1").result == .permerror)
        // Unknown modifiers are ignored.
        #expect(await Self.check("v=spf1 -all moo=cow", ip: "192.0.2.1").result == .fail)
    }

    @Test func identitiesAndAddresses() async {
        let zone = MemoryZone([
            "mx.example.org": [.txt("v=spf1 a -all"), .address("192.0.2.7"), .address("2001:db8::7")],
            "example.net": [.txt("v=spf1 a//64 ip6:2001:db8:1::/48 -all"), .address("2001:db8:2::1")],
        ])
        let evaluator = SPFEvaluator(dns: zone)
        let helo = await evaluator.checkHELO(ip: IPAddress("192.0.2.7")!, helo: "mx.example.org", timestamp: 0)
        #expect(helo == SPFVerdict(identity: .helo, result: .pass, domain: "mx.example.org", mechanism: "a"))
        // The null sender is checked as postmaster@<helo>.
        #expect(await evaluator.checkMailFrom(ip: IPAddress("2001:db8::7")!, mailFrom: "", helo: "mx.example.org", timestamp: 0).result == .pass)
        // An IPv4-mapped IPv6 client is its IPv4 address.
        #expect(await evaluator.checkMailFrom(ip: IPAddress("::ffff:192.0.2.7")!, mailFrom: "", helo: "mx.example.org", timestamp: 0).result == .pass)
        #expect(await evaluator.checkMailFrom(ip: IPAddress("2001:db8:2::ffff")!, mailFrom: "a@example.net", helo: "h", timestamp: 0).result == .pass)
        #expect(await evaluator.checkMailFrom(ip: IPAddress("2001:db8:1:5::1")!, mailFrom: "a@example.net", helo: "h", timestamp: 0).result == .pass)
        #expect(await evaluator.checkMailFrom(ip: IPAddress("2001:db8:3::1")!, mailFrom: "a@example.net", helo: "h", timestamp: 0).result == .fail)
        // No SPF for address literals and single labels.
        #expect(await evaluator.checkHELO(ip: IPAddress("192.0.2.7")!, helo: "[192.0.2.7]", timestamp: 0).result == .none)
        #expect(await evaluator.checkMailFrom(ip: IPAddress("192.0.2.7")!, mailFrom: "a@localhost", helo: "h", timestamp: 0).result == .none)
        #expect(await evaluator.checkMailFrom(ip: IPAddress("192.0.2.7")!, mailFrom: "a@bad..example", helo: "h", timestamp: 0).result == .none)
    }

    @Test func macrosInMechanisms() async {
        let extra: [String: [MemoryZone.Record]] = [
            "bad.strong.lp._spf.example.com": [.address("127.0.0.2")],
            "mx.example.org.h.example.com": [.address("127.0.0.2")],
            "amy.example.com.p.example.com": [.address("127.0.0.2")],
        ]
        let record = "v=spf1 exists:%{lr-}.lp._spf.%{d2} -all"
        #expect(await Self.check(record, ip: "192.0.2.1", extra: extra, sender: "strong-bad@example.com").result == .pass)
        #expect(await Self.check(record, ip: "192.0.2.1", extra: extra, sender: "weak-good@example.com").result == .fail)
        #expect(await Self.check("v=spf1 exists:%{h}.h.%{d} -all", ip: "192.0.2.1", extra: extra).result == .pass)
        // %{p}: the validated name (192.0.2.65 → amy.example.com, whose A is 192.0.2.65).
        #expect(await Self.check("v=spf1 exists:%{p}.p.%{d} -all", ip: "192.0.2.65", extra: extra).result == .pass)
        #expect(await Self.check("v=spf1 exists:%{p}.p.%{d} -all", ip: "192.0.2.99", extra: extra).result == .fail)
    }
}
