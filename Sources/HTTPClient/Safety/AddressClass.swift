#if canImport(Glibc)
import Glibc
#endif

/// What kind of network an IP address belongs to, for deciding whether a webhook may reach it.
public enum AddressClass: String, Sendable {
    case publicInternet = "public"
    case loopback
    /// RFC 1918, RFC 6598 shared (CGNAT) and IPv6 unique-local addresses.
    case privateNetwork = "private"
    /// 169.254/16 and fe80::/10, where cloud metadata services live.
    case linkLocal = "link-local"
    /// Unspecified, multicast, broadcast, documentation and reserved ranges: never a webhook.
    case unroutable

    public static func of(ipv4 bytes: [UInt8]) -> AddressClass {
        precondition(bytes.count == 4)
        switch (bytes[0], bytes[1]) {
        case (127, _): return .loopback
        case (10, _), (192, 168): return .privateNetwork
        case (172, 16...31): return .privateNetwork
        case (100, 64...127): return .privateNetwork
        case (169, 254): return .linkLocal
        case (0, _), (224...255, _): return .unroutable
        case (192, 0) where bytes[2] == 2, (198, 51) where bytes[2] == 100, (203, 0) where bytes[2] == 113: return .unroutable
        case (198, 18...19): return .unroutable
        default: return .publicInternet
        }
    }

    public static func of(ipv6 bytes: [UInt8]) -> AddressClass {
        precondition(bytes.count == 16)
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : .unroutable
        }
        // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return of(ipv4: Array(bytes[12..<16]))
        }
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..<12].allSatisfy({ $0 == 0 }) {
            return of(ipv4: Array(bytes[12..<16]))
        }
        if bytes[0] & 0xfe == 0xfc { return .privateNetwork }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return .linkLocal }
        if bytes[0] == 0xff { return .unroutable }
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return .unroutable }
        return .publicInternet
    }

    /// Classifies a textual address; nil if it is not an IP literal.
    public static func of(_ text: String) -> AddressClass? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return of(ipv4: withUnsafeBytes(of: v4) { Array($0) }) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return of(ipv6: withUnsafeBytes(of: v6) { Array($0) }) }
        return nil
    }
}
