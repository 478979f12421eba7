import Foundation

/// An IPv4 or IPv6 address as numbers, so that network matching (`ip4:…/24`, `a/64`) is arithmetic.
/// Text goes through the C library's `inet_pton`/`inet_ntop` (strict: no leading zeros, no short IPv4 forms).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(high: UInt64, low: UInt64)

    public init?(_ text: String) {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            self = withUnsafeBytes(of: &storage) { IPAddress(networkBytes: Array($0))! }
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: storage.s_addr))
        }
    }

    /// 4 bytes for IPv4, 16 for IPv6, in network order (what a DNS A or AAAA record holds).
    public init?(networkBytes bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    public var isIPv4: Bool {
        if case .v4 = self { return true }
        return false
    }

    /// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as the IPv4 address it carries: SPF checks the client
    /// as the IPv4 host it is (RFC 7208 §5: "ip4" for IPv4 connections), as other implementations do.
    public var unmapped: IPAddress {
        if case .v6(0, let low) = self, low >> 32 == 0xffff { return .v4(UInt32(truncatingIfNeeded: low)) }
        return self
    }

    /// Whether `other` is in the network of this address with `prefix` leading bits. Families never match.
    public func contains(_ other: IPAddress, prefix: Int) -> Bool {
        switch (self, other) {
        case (.v4(let network), .v4(let address)):
            guard prefix > 0 else { return true }
            let mask = prefix >= 32 ? UInt32.max : ~(UInt32.max >> UInt32(prefix))
            return network & mask == address & mask
        case (.v6(let networkHigh, let networkLow), .v6(let high, let low)):
            guard prefix > 0 else { return true }
            if prefix <= 64 {
                let mask = prefix == 64 ? UInt64.max : ~(UInt64.max >> UInt64(prefix))
                return networkHigh & mask == high & mask
            }
            let mask = prefix >= 128 ? UInt64.max : ~(UInt64.max >> UInt64(prefix - 64))
            return networkHigh == high && networkLow & mask == low & mask
        default:
            return false
        }
    }

    /// RFC 5952 text for IPv6 (`2001:db8::cb01`), dotted quad for IPv4.
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6:
            var storage = in6_addr()
            withUnsafeMutableBytes(of: &storage) { raw in
                for (index, byte) in bytes.enumerated() { raw[index] = byte }
            }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            _ = inet_ntop(AF_INET6, &storage, &buffer, socklen_t(buffer.count))
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The address in network order.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }

    /// The dotted form SPF's `%{i}` macro uses (RFC 7208 §7.3): the dotted quad, or 32 dot-separated nibbles.
    public var dottedForm: String {
        switch self {
        case .v4:
            return description
        case .v6:
            let hex = Array("0123456789abcdef")
            var nibbles: [Character] = []
            for byte in bytes {
                nibbles.append(hex[Int(byte >> 4)])
                nibbles.append(hex[Int(byte & 0xf)])
            }
            return nibbles.map(String.init).joined(separator: ".")
        }
    }

    /// The name a PTR lookup asks for: `3.2.0.192.in-addr.arpa`, or the reversed nibbles under `ip6.arpa`.
    public var reverseLookupName: String {
        let labels = dottedForm.split(separator: ".").reversed().joined(separator: ".")
        return labels + (isIPv4 ? ".in-addr.arpa" : ".ip6.arpa")
    }
}
