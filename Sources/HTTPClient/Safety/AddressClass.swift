#if canImport(Glibc)
import Glibc
#endif

/// What kind of network an IP address belongs to, for deciding whether a webhook may reach it.
public enum AddressClass: String, Sendable {
    case publicInternet = "public"
    case loopback
    /// RFC 1918, RFC 6598 shared (CGNAT), IPv6 unique-local and site-local addresses.
    case privateNetwork = "private"
    /// 169.254/16 and fe80::/10, where cloud metadata services live.
    case linkLocal = "link-local"
    /// Unspecified, multicast, broadcast, documentation, protocol-assignment and reserved ranges, and
    /// tunnels whose IPv4 end cannot be judged (Teredo, local-use NAT64): never a webhook.
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
        // 192.0.0.0/24 holds protocol assignments (DS-Lite, NAT64 discovery, PCP anycast): never a webhook.
        case (192, 0) where bytes[2] == 0 || bytes[2] == 2: return .unroutable
        case (198, 51) where bytes[2] == 100, (203, 0) where bytes[2] == 113: return .unroutable
        case (198, 18...19): return .unroutable
        default: return .publicInternet
        }
    }

    public static func of(ipv6 bytes: [UInt8]) -> AddressClass {
        precondition(bytes.count == 16)
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        let embeddedIPv4 = Array(bytes[12..<16])
        if bytes[0..<15].allSatisfy({ $0 == 0 }) {
            return bytes[15] == 1 ? .loopback : .unroutable
        }
        // Forms that carry an IPv4 address are judged by it: a host stack or a translator may deliver
        // them to that IPv4 address, so ::ffff:169.254.169.254 is the metadata service.
        // IPv4-compatible (::a.b.c.d, deprecated) and IPv4-mapped (::ffff:a.b.c.d).
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return of(ipv4: embeddedIPv4) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return of(ipv4: embeddedIPv4) }
        // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052).
        if starts([0x00, 0x64, 0xff, 0x9b]) && bytes[4..<12].allSatisfy({ $0 == 0 }) { return of(ipv4: embeddedIPv4) }
        // 6to4 (2002::/16, RFC 3056) carries the relay's IPv4 address in bytes 2–5.
        if starts([0x20, 0x02]) { return of(ipv4: Array(bytes[2..<6])) }
        // The rest of 64:ff9b::/32 and the local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215): where the IPv4
        // address sits depends on the operator's prefix length, so what they reach cannot be judged.
        if starts([0x00, 0x64, 0xff, 0x9b]) { return .unroutable }
        // Teredo (2001::/32, RFC 4380) tunnels to an obfuscated IPv4 address through a relay: refused.
        if starts([0x20, 0x01, 0x00, 0x00]) { return .unroutable }
        if starts([0x20, 0x01, 0x0d, 0xb8]) { return .unroutable }
        if bytes[0] & 0xfe == 0xfc { return .privateNetwork }
        // Site-local fec0::/10 (deprecated by RFC 3879, still routed inside some networks).
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return .privateNetwork }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return .linkLocal }
        if bytes[0] == 0xff { return .unroutable }
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
