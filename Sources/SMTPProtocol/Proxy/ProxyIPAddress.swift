/// An IPv4 or IPv6 address from a PROXY header, parsed strictly and printed the way `inet_ntop` prints
/// it, so a proxied client's address reads the same in logs and headers as a directly connected one's.
public enum ProxyIPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4([UInt8])
    case v6([UInt8])

    /// Dotted decimal, four octets, no leading zeros (which some parsers read as octal).
    public init?<Text: Collection>(ipv4 text: Text) where Text.Element == UInt8 {
        guard let octets = Self.parseIPv4(text) else { return nil }
        self = .v4(octets)
    }

    /// RFC 4291 2.2 text: hexadecimal groups, one `::`, optionally a trailing dotted IPv4; no zone.
    public init?<Text: Collection>(ipv6 text: Text) where Text.Element == UInt8 {
        guard let bytes = Self.parseIPv6(Array(text)) else { return nil }
        self = .v6(bytes)
    }

    public var description: String {
        switch self {
        case .v4(let octets): return octets.map(String.init).joined(separator: ".")
        case .v6(let bytes): return Self.format(ipv6: bytes)
        }
    }

    // MARK: - IPv4

    private static func parseIPv4<Text: Collection>(_ text: Text) -> [UInt8]? where Text.Element == UInt8 {
        var octets: [UInt8] = []
        for part in text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(ASCII.isDigit) else { return nil }
            if part.count > 1 && part.first == UInt8(ascii: "0") { return nil }
            let value = part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            octets.append(UInt8(value))
        }
        return octets.count == 4 ? octets : nil
    }

    // MARK: - IPv6

    private static func parseIPv6(_ text: [UInt8]) -> [UInt8]? {
        guard text.count >= 2, text.count <= 45 else { return nil }
        let colon = UInt8(ascii: ":")
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawDoubleColon = false
        var index = 0
        if text.starts(with: [colon, colon]) {
            sawDoubleColon = true
            index = 2
            if index == text.count { return [UInt8](repeating: 0, count: 16) }
        } else if text.first == colon {
            return nil
        }
        while index < text.count {
            var end = index
            while end < text.count && text[end] != colon { end += 1 }
            let part = text[index..<end]
            if end == text.count, part.contains(UInt8(ascii: ".")) {
                // A trailing dotted IPv4 fills the last two groups.
                guard let octets = Self.parseIPv4(part) else { return nil }
                let groups = [UInt16(octets[0]) << 8 | UInt16(octets[1]), UInt16(octets[2]) << 8 | UInt16(octets[3])]
                if sawDoubleColon { tail += groups } else { head += groups }
                index = end
                break
            }
            guard !part.isEmpty, part.count <= 4, let value = Self.hexValue(part) else { return nil }
            if sawDoubleColon { tail.append(value) } else { head.append(value) }
            index = end
            if index == text.count { break }
            // At a colon: `::` once, or a single separator that must be followed by a group.
            index += 1
            if index < text.count && text[index] == colon {
                guard !sawDoubleColon else { return nil }
                sawDoubleColon = true
                index += 1
            } else if index == text.count {
                return nil
            }
        }
        let count = head.count + tail.count
        let groups: [UInt16]
        if sawDoubleColon {
            guard count <= 7 else { return nil }
            groups = head + [UInt16](repeating: 0, count: 8 - count) + tail
        } else {
            guard count == 8 else { return nil }
            groups = head
        }
        return groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt16? {
        var value: UInt16 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt16(nibble)
        }
        return value
    }

    /// RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as `::`; an
    /// IPv4-mapped (and, as glibc's `inet_ntop` does, IPv4-compatible) address ends in dotted decimal.
    private static func format(ipv6 bytes: [UInt8]) -> String {
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 0
        var runStart = -1
        for index in 0...8 {
            if index < 8 && groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength {
                    bestStart = runStart
                    bestLength = index - runStart
                }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        let dotted = bytes[12...].map(String.init).joined(separator: ".")
        if bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xffff)) {
            return bestLength == 5 ? "::ffff:" + dotted : "::" + dotted
        }
        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty && !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }
}
