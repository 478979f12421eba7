/// The DNS that mail authentication needs, as its algorithms see it: one lookup per question, each answer
/// telling records from "no data", "no such name" and a temporary failure, because SPF (RFC 7208 §4.6.4, §5) and
/// DMARC give them different meanings. The I/O layer implements it (`DNS.DNSResolver`); tests use a zone in memory.
public protocol MailAuthDNS: Sendable {
    /// TXT records, each one's character-strings joined without separators (RFC 7208 §3.3).
    func lookupTXT(_ name: String) async -> DNSLookup<String>
    func lookupA(_ name: String) async -> DNSLookup<IPAddress>
    func lookupAAAA(_ name: String) async -> DNSLookup<IPAddress>
    func lookupMX(_ name: String) async -> DNSLookup<MXRecord>
    /// PTR records of a reverse name (`…in-addr.arpa`, `…ip6.arpa`): the host names, without the final dot.
    func lookupPTR(_ name: String) async -> DNSLookup<String>
}
