import DNS
import MailAuth
import Testing

/// The c-ares resolver against a real authoritative server on loopback (`dns_test_server.py`): every record
/// type, CNAME chains, the TCP retry of a truncated answer, NXDOMAIN and no data, SERVFAIL and timeouts as
/// temporary failures, the AD bit, and the cache's TTLs with the time moved by hand.
@Suite struct DNSResolverTests {
    static let zone = DNSTestServer.Zone(
        records: [
            ["example.com", "TXT", "v=spf1 mx -all", 300],
            ["example.com", "TXT", ["split ", "into ", "strings"], 300],
            ["example.com", "A", "192.0.2.10", 300],
            ["example.com", "AAAA", "2001:db8::10", 300],
            ["example.com", "MX", [20, "mx2.example.com"], 300],
            ["example.com", "MX", [10, "mx1.example.com"], 300],
            ["www.example.com", "CNAME", "alias.example.com", 120],
            ["alias.example.com", "CNAME", "example.com", 60],
            ["10.2.0.192.in-addr.arpa", "PTR", "example.com", 300],
            ["large.example.com", "TXT", .text("v=spf1 " + String(repeating: "ip4:192.0.2.1 ", count: 150)), 300],
            ["short.example.com", "A", "192.0.2.20", 30],
            ["empty.example.com", "MX", [0, "."], 300],
            ["signed.example.com", "A", "192.0.2.30", 300],
        ],
        timeout: ["slow.example.com"],
        servfail: ["broken.example.com"],
        authenticated: ["signed.example.com"],
        negativeTTL: 45)

    static func resolver(_ server: DNSTestServer, clock: ManualClock = ManualClock(), timeout: Duration = .milliseconds(300)) throws -> DNSResolver<ManualClock> {
        let configuration = DNSResolverConfiguration(
            servers: [try DNSServerAddress(parsing: "127.0.0.1:\(server.port)")], timeout: timeout, tries: 2)
        return try DNSResolver(configuration: configuration, clock: clock)
    }

    @Test func everyRecordTypeOverUDP() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let resolver = try Self.resolver(server)
        #expect(Set(await resolver.lookupTXT("example.com").values) == ["v=spf1 mx -all", "split into strings"])
        #expect(await resolver.lookupA("example.com").values == [IPAddress("192.0.2.10")!])
        #expect(await resolver.lookupAAAA("EXAMPLE.com.").values == [IPAddress("2001:db8::10")!])
        #expect(Set(await resolver.lookupMX("example.com").values) == [MXRecord(preference: 10, exchange: "mx1.example.com"), MXRecord(preference: 20, exchange: "mx2.example.com")])
        #expect(await resolver.lookupPTR(IPAddress("192.0.2.10")!.reverseLookupName).values == ["example.com"])
        // Two CNAMEs to the address.
        #expect(await resolver.lookupA("www.example.com").values == [IPAddress("192.0.2.10")!])
        #expect(server.queries().allSatisfy { $0.hasSuffix(" udp") })
    }

    @Test func truncatedAnswerIsAskedAgainOverTCP() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let resolver = try Self.resolver(server)
        let records = await resolver.lookupTXT("large.example.com").values
        #expect(records.count == 1)
        #expect(records.first?.utf8.count == 7 + 150 * 14)
        #expect(server.queries() == ["large.example.com TXT udp", "large.example.com TXT tcp"])
    }

    @Test func noSuchNameNoDataAndFailures() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let resolver = try Self.resolver(server)
        #expect(await resolver.lookupA("missing.example.com") == .nxDomain)
        #expect(await resolver.lookupTXT("short.example.com") == .noData)
        guard case .temporaryFailure = await resolver.lookupA("broken.example.com") else {
            Issue.record("SERVFAIL must be a temporary failure")
            return
        }
        guard case .temporaryFailure(let detail) = await resolver.lookupTXT("slow.example.com") else {
            Issue.record("a dropped query must be a temporary failure")
            return
        }
        #expect(detail.lowercased().contains("timeout"))
        // Two tries, both dropped.
        #expect(server.queries().filter { $0.hasPrefix("slow.example.com TXT") }.count == 2)
    }

    @Test func adBitIsReadFromTheAnswer() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let resolver = try Self.resolver(server)
        #expect(await resolver.lookupA("signed.example.com") == .records([IPAddress("192.0.2.30")!], authenticated: true))
        #expect(await resolver.lookupA("example.com") == .records([IPAddress("192.0.2.10")!], authenticated: false))
    }

    @Test func answersLiveForTheirTTL() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let clock = ManualClock()
        let resolver = try Self.resolver(server, clock: clock)
        func asked(_ prefix: String) -> Int { server.queries().filter { $0.hasPrefix(prefix) }.count }

        #expect(await resolver.lookupA("short.example.com").values == [IPAddress("192.0.2.20")!])
        var changed = Self.zone
        changed.records = changed.records.map { row in
            if case .text("short.example.com") = row[0], case .text("A") = row[1] { return ["short.example.com", "A", "192.0.2.21", 30] }
            return row
        }
        try server.update(changed)
        clock.advance(by: .seconds(29))
        #expect(await resolver.lookupA("short.example.com").values == [IPAddress("192.0.2.20")!])
        #expect(asked("short.example.com A") == 1)
        clock.advance(by: .seconds(2))
        #expect(await resolver.lookupA("short.example.com").values == [IPAddress("192.0.2.21")!])
        #expect(asked("short.example.com A") == 2)

        // A CNAME chain lives as long as its shortest link (60 s), not its address (300 s).
        _ = await resolver.lookupA("www.example.com")
        clock.advance(by: .seconds(61))
        _ = await resolver.lookupA("www.example.com")
        #expect(asked("www.example.com A") == 2)

        // Negative answers live for the SOA's negative TTL (45 s); failures are not kept.
        #expect(await resolver.lookupA("missing.example.com") == .nxDomain)
        clock.advance(by: .seconds(44))
        #expect(await resolver.lookupA("missing.example.com") == .nxDomain)
        #expect(asked("missing.example.com A") == 1)
        clock.advance(by: .seconds(2))
        #expect(await resolver.lookupA("missing.example.com") == .nxDomain)
        #expect(asked("missing.example.com A") == 2)
        _ = await resolver.lookupA("broken.example.com")
        _ = await resolver.lookupA("broken.example.com")
        #expect(asked("broken.example.com A") >= 2)
    }

    @Test func concurrentQueriesAllAnswered() async throws {
        let server = try await DNSTestServer(zone: Self.zone)
        let resolver = try Self.resolver(server)
        let answers = await withTaskGroup(of: [IPAddress].self) { group in
            for index in 0..<50 {
                group.addTask { await resolver.lookupA(index % 2 == 0 ? "example.com" : "signed.example.com").values }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 50)
        #expect(answers.allSatisfy { $0 == [IPAddress("192.0.2.10")!] || $0 == [IPAddress("192.0.2.30")!] })
    }
}
