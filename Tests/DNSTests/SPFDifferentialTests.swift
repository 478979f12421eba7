import DNS
import Foundation
import MailAuth
import MailgateTestSupport
import Testing

/// The same zone and the same (ip, sender, HELO) cases through pyspf (with dnspython) and through our evaluator
/// over the c-ares resolver, both asking the test DNS server on loopback: `spf_corpus.json` holds the zone and
/// the cases (RFC 7208 Appendix A, include/redirect, limits, macros, identities, DNS failures, syntax), each with
/// the RFC's result. Both must give it; where pyspf is known to depart from the RFC, the case says what pyspf
/// gives and why, and that is checked too, so the difference stays documented and real.
@Suite struct SPFDifferentialTests {
    struct Corpus: Decodable {
        var cases: [Case]
    }

    struct Case: Decodable, Sendable {
        var name: String
        var ip: String
        var sender: String
        var helo: String
        var identity: String
        var expect: String
        var explanation: String?
        var pyspf: String?
        var why: String?
    }

    struct Reference: Decodable {
        var result: String
        var explanation: String
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    @Test func pyspfAndOurEvaluatorAgreeOnTheCorpus() async throws {
        let corpusURL = Self.directory.appendingPathComponent("spf_corpus.json")
        let corpusData = try Data(contentsOf: corpusURL)
        let corpus = try JSONDecoder().decode(Corpus.self, from: corpusData)
        let zone = try #require((try JSONSerialization.jsonObject(with: corpusData) as? [String: Any])?["zone"])
        let server = try await DNSTestServer(zoneJSON: try JSONSerialization.data(withJSONObject: zone))

        let reference = try await ExternalTool.run(
            "python3", [Self.directory.appendingPathComponent("pyspf_check.py").path, corpusURL.path, String(server.port)])
        #expect(reference.status == 0, "\(reference.output)")
        let pyspf = try JSONDecoder().decode([Reference].self, from: Data(reference.output.utf8))
        #expect(pyspf.count == corpus.cases.count)
        #expect(corpus.cases.count >= 100)

        let resolver = try DNSResolver(configuration: DNSResolverConfiguration(
            servers: [try DNSServerAddress(parsing: "127.0.0.1:\(server.port)")], timeout: .milliseconds(300), tries: 2))
        let evaluator = SPFEvaluator(dns: resolver)
        let ours = await withTaskGroup(of: (Int, SPFVerdict).self) { group in
            for (index, item) in corpus.cases.enumerated() {
                group.addTask {
                    let ip = IPAddress(item.ip)!
                    let verdict = item.identity == "helo"
                        ? await evaluator.checkHELO(ip: ip, helo: item.helo, timestamp: 0)
                        : await evaluator.checkMailFrom(ip: ip, mailFrom: item.sender, helo: item.helo, timestamp: 0)
                    return (index, verdict)
                }
            }
            return await group.reduce(into: [Int: SPFVerdict]()) { $0[$1.0] = $1.1 }
        }

        var agreed = 0
        for (index, item) in corpus.cases.enumerated() where index < pyspf.count {
            let verdict = try #require(ours[index])
            #expect(verdict.result.rawValue == item.expect, "\(item.name): ours \(verdict)")
            #expect(pyspf[index].result == item.pyspf ?? item.expect, "\(item.name): pyspf \(pyspf[index].result)")
            if item.pyspf == nil, verdict.result.rawValue == pyspf[index].result { agreed += 1 }
            if let explanation = item.explanation {
                #expect(verdict.explanation == explanation, "\(item.name)")
                #expect(pyspf[index].explanation == explanation, "\(item.name): pyspf")
            }
        }
        #expect(agreed == corpus.cases.filter { $0.pyspf == nil }.count)
    }
}
