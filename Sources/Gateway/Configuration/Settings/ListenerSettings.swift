import SMTPServer

#if canImport(Glibc)
import Glibc
#endif

/// Where one listener binds.
public struct ListenerSettings: Sendable, Equatable {
    public var enabled: Bool
    public var address: String
    public var port: Int
    /// SMTP listeners only: connections start with a PROXY protocol header from a load balancer.
    public var proxyProtocol: Bool
    /// The load balancers whose PROXY header is believed; required with `proxyProtocol`.
    public var proxyProtocolTrusted: [IPNetwork]

    public init(enabled: Bool, address: String, port: Int, proxyProtocol: Bool = false, proxyProtocolTrusted: [IPNetwork] = []) {
        self.enabled = enabled
        self.address = address
        self.port = port
        self.proxyProtocol = proxyProtocol
        self.proxyProtocolTrusted = proxyProtocolTrusted
    }

    /// An SMTP listener's settings (`smtp.submission` …).
    init(reading reader: inout SettingsReader, key: String, enabled: Bool, address: String, port: Int) {
        self.enabled = reader.bool("\(key).enabled", default: enabled)
        self.address = reader.string("\(key).address", default: address)
        self.port = reader.port("\(key).port", default: port)
        self.proxyProtocol = reader.bool("\(key).proxy_protocol", default: false)
        let trusted = reader.list("\(key).proxy_protocol_trusted") ?? []
        self.proxyProtocolTrusted = trusted.compactMap { IPNetwork(cidr: String($0.trimmingWhitespace())) }
        for entry in trusted where IPNetwork(cidr: String(entry.trimmingWhitespace())) == nil {
            reader.report("\(key).proxy_protocol_trusted", "\"\(entry)\" is not an IP address or network (192.0.2.0/24, 2001:db8::/32)")
        }
        if !trusted.isEmpty { reader.record("\(key).proxy_protocol_trusted", trusted.joined(separator: ",")) }
        if self.proxyProtocol && self.enabled && trusted.isEmpty {
            // Believing a PROXY header from anyone would let anyone claim any client address.
            reader.report(
                "\(key).proxy_protocol_trusted",
                "list the load balancers' addresses (e.g. [\"10.0.0.0/8\"]): with proxy_protocol on, only they may name a client")
        }
        if !Self.isValidAddress(self.address) {
            reader.report("\(key).address", "\"\(self.address)\" is not an IP address or host name")
        }
    }

    /// True when only this machine can reach the listener. Host names other than `localhost` are not
    /// trusted to be loopback, whatever they resolve to today.
    public var isLoopback: Bool {
        Self.isLoopback(address)
    }

    public static func isLoopback(_ address: String) -> Bool {
        if address == "localhost" || address == "::1" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, address, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, address, &ipv6) == 1 {
            // ::1 in any spelling, and IPv4-mapped loopback (::ffff:127.x.x.x).
            let bytes = withUnsafeBytes(of: ipv6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127 { return true }
        }
        return false
    }

    static func isValidAddress(_ address: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, address, &ipv4) == 1 || inet_pton(AF_INET6, address, &ipv6) == 1 { return true }
        let labels = address.split(separator: ".", omittingEmptySubsequences: false)
        return !address.isEmpty && address.utf8.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
