/// The record types the resolver asks for or reads (RFC 1035 §3.2.2, RFC 3596, RFC 6891).
public enum DNSRecordType: UInt16, Sendable, Hashable {
    case a = 1
    case cname = 5
    case soa = 6
    case ptr = 12
    case mx = 15
    case txt = 16
    case aaaa = 28
    case opt = 41
}
