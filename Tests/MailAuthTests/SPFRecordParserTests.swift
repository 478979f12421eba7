import MailAuth
import Testing

/// The record grammar (RFC 7208 §4.6, §12), table-driven: records that parse, with what they parse into, and
/// records that are a permerror, with the reason. Many rows are from RFC 7208's examples and the openspf
/// (pyspf) test suite's syntax cases.
@Suite struct SPFRecordParserTests {
    static func domain(_ text: String) throws -> SPFMacroString {
        try SPFMacroStringParser.parseDomainSpec(Substring(text), term: text)
    }

    @Test func rfcExamplesParse() throws {
        let record = try SPFRecordParser.parse("v=spf1 +mx a:colo.example.com/28 -all")
        #expect(record.directives.map(\.text) == ["+mx", "a:colo.example.com/28", "-all"])
        #expect(record.directives[0].mechanism == .mx(nil, SPFDualCIDR()))
        #expect(record.directives[1].mechanism == .a(try Self.domain("colo.example.com"), SPFDualCIDR(ipv4: 28)))
        #expect(record.directives[2].qualifier == .fail)

        let dual = try SPFRecordParser.parse("v=spf1 mx/30 mx:example.org/30//64 a//48 ip6:2001:db8::/32 ip4:192.0.2.128/28 ?all")
        #expect(dual.directives.map(\.mechanism) == [
            .mx(nil, SPFDualCIDR(ipv4: 30)),
            .mx(try Self.domain("example.org"), SPFDualCIDR(ipv4: 30, ipv6: 64)),
            .a(nil, SPFDualCIDR(ipv6: 48)),
            .ip6(IPAddress("2001:db8::")!, prefix: 32),
            .ip4(IPAddress("192.0.2.128")!, prefix: 28),
            .all,
        ])

        let modifiers = try SPFRecordParser.parse("v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all exp=explain._spf.%{d} moo.cow-far_out=man:dog/cat")
        #expect(modifiers.explanation?.text == "explain._spf.%{d}")
        #expect(modifiers.unknownModifiers.map(\.name) == ["moo.cow-far_out"])
        #expect(modifiers.redirect == nil)
        #expect(try SPFRecordParser.parse("v=spf1 redirect=_spf.example.com").redirect?.text == "_spf.example.com")
    }

    @Test(arguments: [
        "v=spf1",
        "v=spf1 ",
        "V=SPF1 -ALL",
        "v=spf1   a    -all  ",
        "v=spf1 ptr ptr:example.com -exists:%{ir}.%{l1r+-}._spf.%{d} ~all",
        "v=spf1 exists:%{i}.%{s1}.100/86400.rate.%{d}",
        "v=spf1 mx:%%%_/.Claranet.de/27",
        "v=spf1 a:mail.example.com. -all",
        "v=spf1 a:foo-bar.example.com include:a.1-2",
        "v=spf1 a/0 a//0 ip4:0.0.0.0/0 ip6:::/0",
        "v=spf1 ip6:::ffff:192.0.2.1",
        "v=spf1 -all foo=%{d} bar= x_1.y-z=1",
        "v=spf1 exists:%{L}.%{D2R}.example.com",
        "v=spf1 include:%{d}",
    ])
    func valid(_ text: String) {
        #expect(throws: Never.self) { try SPFRecordParser.parse(text) }
    }

    @Test(arguments: [
        ("v=spf1 moo", "unknown mechanism"),
        ("v=spf1 ip4:192.0.0.n ?all", "invalid IPv4 address"),
        ("v=spf1 ip4:1.2.3.444/24", "invalid IPv4 address"),
        ("v=spf1 ip4:1.2.03.4/24", "invalid IPv4 address"),
        ("v=spf1 ip4:1.2.3.4/33", "CIDR length over 32"),
        ("v=spf1 ip4:1.2.3.4/247", "CIDR length over 32"),
        ("v=spf1 ip4:1.2.3.4//32", "needs ':' and one address"),
        ("v=spf1 ip6:2001:db8:ZZZZ:: ?all", "invalid IPv6 address"),
        ("v=spf1 ip6:192.0.2.1", "invalid IPv6 address"),
        ("v=spf1 ip6:::1/129", "CIDR length over 128"),
        ("v=spf1 a/024", "leading zero"),
        ("v=spf1 a/33", "CIDR length over 32"),
        ("v=spf1 a//129", "CIDR length over 128"),
        ("v=spf1 a:example.com/", "invalid CIDR length"),
        ("v=spf1 =a ?all", "unknown mechanism"),
        ("v=spf1 -all:3030", "'all' takes no argument"),
        ("v=spf1 include", "needs ':' and a domain-spec"),
        ("v=spf1 include:", "empty domain-spec"),
        ("v=spf1 exists", "needs ':' and a domain-spec"),
        ("v=spf1 a:foo", "does not end in a top-level label"),
        ("v=spf1 a:example.com:8080", "does not end in a top-level label"),
        ("v=spf1 a:111.222.33.44", "does not end in a top-level label"),
        ("v=spf1 a:mail.example.com,", "does not end in a top-level label"),
        ("v=spf1 a:foo.-bar", "does not end in a top-level label"),
        ("v=spf1 ptr/24", "needs ':' and a domain-spec"),
        ("v=spf1 redirect=a.example redirect=b.example", "redirect= appears more than once"),
        ("v=spf1 exp=a.example exp=b.example", "exp= appears more than once"),
        ("v=spf1 exp=", "empty domain-spec"),
        ("v=spf1 redirect=", "empty domain-spec"),
        ("v=spf1 exists:%{x}.example.com", "unknown macro letter"),
        ("v=spf1 exists:%{d0}.example.com", "zero parts"),
        ("v=spf1 exists:%{d", "expected '}'"),
        ("v=spf1 exists:%{d2r+-x}.example.com", "expected '}'"),
        ("v=spf1 exists:%(ir).example.com", "invalid macro"),
        ("v=spf1 exists:example.com%", "'%' at the end"),
        ("v=spf1 exists:%{c}.example.com", "allowed in explanation text only"),
        ("v=spf1 foo=%{r}", "allowed in explanation text only"),
        ("v=spf1 a:ex\u{e4}mple.com", "non-ASCII"),
        ("v=spf1\ta", "not an SPF record"),
        ("v=spf10 a", "not an SPF record"),
        ("v=spf1 a\t-all", "unknown mechanism"),
        ("v=spf1 _x=1", "unknown mechanism"),
    ])
    func invalid(_ text: String, _ reason: String) {
        #expect {
            _ = try SPFRecordParser.parse(text)
        } throws: { error in
            (error as? SPFSyntaxError)?.reason.contains(reason) == true
        }
    }

    @Test func recordSelection() {
        #expect(SPFRecordParser.isSPFRecord("v=spf1"))
        #expect(SPFRecordParser.isSPFRecord("v=SPF1 -all"))
        #expect(!SPFRecordParser.isSPFRecord("v=spf10"))
        #expect(!SPFRecordParser.isSPFRecord("v=spf1-all"))
        #expect(!SPFRecordParser.isSPFRecord("spf2.0/pra -all"))
        #expect(!SPFRecordParser.isSPFRecord(" v=spf1 -all"))
    }
}
