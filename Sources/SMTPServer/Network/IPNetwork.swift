#if canImport(Glibc)
import Glibc
#endif

/// An IP network, `192.0.2.0/24` or `2001:db8::/32`: the trusted proxies of a listener, and the client networks
/// the AUTH throttle counts by (an IPv6 client holds a whole /64, so its single addresses count for nothing).
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, what a dual-stack socket reports) is its IPv4 address.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 octets, the host bits zero.
    private let octets: [UInt8]
    public let prefixLength: Int

    /// `address/prefix`, or a bare address for that one address; nil when it is neither.
    public init?(cidr: String) {
        let parts = cidr.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let octets = Self.octets(of: String(parts[0])) else { return nil }
        var prefix = octets.count * 8
        if parts.count == 2 {
            guard parts[1].utf8.allSatisfy({ (48...57).contains($0) }), let given = Int(parts[1]), (0...prefix).contains(given) else { return nil }
            prefix = given
        }
        self.init(octets: octets, prefixLength: prefix)
    }

    /// The network of `prefixLength` bits (IPv4: `ipv4Prefix`, IPv6: `ipv6Prefix`) that holds `address`; nil
    /// when `address` is no IP address.
    public init?(containing address: String, ipv4Prefix: Int, ipv6Prefix: Int) {
        guard let octets = Self.octets(of: address) else { return nil }
        self.init(octets: octets, prefixLength: min(octets.count == 4 ? ipv4Prefix : ipv6Prefix, octets.count * 8))
    }

    private init(octets: [UInt8], prefixLength: Int) {
        var masked = octets
        for index in masked.indices {
            let bits = max(0, min(8, prefixLength - index * 8))
            masked[index] &= bits == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
        }
        self.octets = masked
        self.prefixLength = prefixLength
    }

    public func contains(_ address: String) -> Bool {
        guard let other = IPNetwork(containing: address, ipv4Prefix: prefixLength, ipv6Prefix: prefixLength) else { return false }
        return other.octets == octets
    }

    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = octets.count == 4 ? AF_INET : AF_INET6
        _ = octets.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/\(prefixLength)"
    }

    /// The address's octets: 4 for IPv4 (an IPv4-mapped IPv6 address included), 16 for IPv6.
    static func octets(of address: String) -> [UInt8]? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, address, &ipv4) == 1 { return withUnsafeBytes(of: ipv4) { Array($0) } }
        var ipv6 = in6_addr()
        guard inet_pton(AF_INET6, address, &ipv6) == 1 else { return nil }
        let octets = withUnsafeBytes(of: ipv6) { Array($0) }
        if octets[0..<10].allSatisfy({ $0 == 0 }) && octets[10] == 0xFF && octets[11] == 0xFF { return Array(octets[12...]) }
        return octets
    }
}
