import MailAuth
import Testing

/// RFC 7208 §7.4's examples, exactly, plus the escapes and URL-escaping.
@Suite struct SPFMacroExpanderTests {
    static func context(ip: String) -> SPFMacroContext {
        SPFMacroContext(
            sender: "strong-bad@email.example.com", localPart: "strong-bad", senderDomain: "email.example.com",
            domain: "email.example.com", ip: IPAddress(ip)!, helo: "mx.example.org", receiver: "mx.example.net",
            timestamp: 1_700_000_000)
    }

    static func expand(_ text: String, ip: String = "192.0.2.3", explanation: Bool = false, p: String? = nil) throws -> String {
        let string = try SPFMacroStringParser.parse(Substring(text), context: explanation ? .explanation : .domainSpec, term: text)
        return SPFMacroExpander.expand(string, context: context(ip: ip), validatedName: p)
    }

    @Test(arguments: [
        ("%{s}", "strong-bad@email.example.com"),
        ("%{o}", "email.example.com"),
        ("%{d}", "email.example.com"),
        ("%{d4}", "email.example.com"),
        ("%{d3}", "email.example.com"),
        ("%{d2}", "example.com"),
        ("%{d1}", "com"),
        ("%{dr}", "com.example.email"),
        ("%{d2r}", "example.email"),
        ("%{l}", "strong-bad"),
        ("%{l-}", "strong.bad"),
        ("%{lr}", "strong-bad"),
        ("%{lr-}", "bad.strong"),
        ("%{l1r-}", "strong"),
        ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
        ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"),
        ("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com"),
        ("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net"),
    ])
    func rfc7208Section7_4(_ macro: String, _ expansion: String) throws {
        #expect(try Self.expand(macro) == expansion)
    }

    @Test func rfc7208Section7_4IPv6() throws {
        #expect(try Self.expand("%{ir}.%{v}._spf.%{d2}", ip: "2001:db8::cb01")
            == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com")
    }

    @Test func escapesAndOtherLetters() throws {
        #expect(try Self.expand("%%%_%-") == "% %20")
        #expect(try Self.expand("%{h}.%{v}") == "mx.example.org.in-addr")
        #expect(try Self.expand("%{p}", p: "mail.example.com") == "mail.example.com")
        #expect(try Self.expand("%{p}") == "unknown")
        #expect(try Self.expand("%{c} %{r} %{t}", explanation: true) == "192.0.2.3 mx.example.net 1700000000")
        #expect(try Self.expand("%{c}", ip: "2001:db8::cb01", explanation: true) == "2001:db8::cb01")
        #expect(try Self.expand("%{i}", ip: "2001:db8::cb01").hasPrefix("2.0.0.1.0.d.b.8"))
        // Upper case: URL-escaped (RFC 3986 unreserved characters kept).
        #expect(try Self.expand("%{S}") == "strong-bad%40email.example.com")
        // Joined with "." whatever split (§7.3).
        #expect(try Self.expand("%{s-.}") == "strong.bad@email.example.com")
        #expect(try Self.expand("%{s2}") == "example.com")
        #expect(try Self.expand("%{d100}") == "email.example.com")
    }

    @Test func longDomainsLoseLeftLabels() throws {
        let spec = try SPFMacroStringParser.parseDomainSpec("%{l}.example.com.", term: "t")
        var context = Self.context(ip: "192.0.2.3")
        context.localPart = Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: ".")
        let name = SPFMacroExpander.expandDomain(spec, context: context)
        #expect(name.utf8.count <= 253)
        #expect(name.hasSuffix(".example.com"))
        #expect(name.split(separator: ".").count == 5)
    }
}
