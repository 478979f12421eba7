import MailAuth

/// The data of one answer record of a type the resolver reads.
public enum DNSRecordData: Sendable, Equatable {
    case address(IPAddress)
    /// A TXT record's character-strings, joined (RFC 7208 §3.3 joins them without separators).
    case text(String)
    case mailExchange(MXRecord)
    /// PTR (and CNAME, while following a chain): a host name without the final dot.
    case name(String)
}
