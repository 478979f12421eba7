/// The prefix lengths of an `a` or `mx` mechanism (`a/24//64`): one for IPv4 addresses, one for IPv6.
public struct SPFDualCIDR: Sendable, Equatable {
    public var ipv4: Int
    public var ipv6: Int

    public init(ipv4: Int = 32, ipv6: Int = 128) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public func prefix(for address: IPAddress) -> Int { address.isIPv4 ? ipv4 : ipv6 }
}
