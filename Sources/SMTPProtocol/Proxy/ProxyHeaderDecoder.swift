import NIOCore

/// Reads the PROXY protocol header (v1 text or v2 binary) that a load balancer sends before anything
/// else on a connection. Pure: bytes in, a ``ProxyHeaderDecodingResult`` out; the caller keeps calling
/// with the same buffer, grown by each read, until it gets a header or a refusal.
///
/// Everything is bounded: a v1 line is at most 107 octets, a v2 header at most 16 +
/// ``maximumVersion2Length`` octets, so a peer cannot make the caller buffer more.
public struct ProxyHeaderDecoder: Sendable {
    /// The spec's maximum for a v1 line, CRLF included.
    public static let maximumVersion1Length = 107
    static let version1Prefix = Array("PROXY ".utf8)
    static let version2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    static let version2FixedLength = 16

    /// The largest v2 length field accepted (addresses and TLVs after the 16 fixed octets). TLVs are
    /// skipped, so this only bounds memory; 2048 leaves room for every TLV load balancers send.
    public var maximumVersion2Length: Int

    public init(maximumVersion2Length: Int = 2048) {
        self.maximumVersion2Length = maximumVersion2Length
    }

    /// Consumes the header from `buffer` when it is complete; leaves the buffer untouched otherwise.
    public func decode(_ buffer: inout ByteBuffer) -> ProxyHeaderDecodingResult {
        let available = buffer.readableBytesView
        if available.isEmpty { return .needMoreBytes }
        if Self.isPrefix(available, of: Self.version1Prefix) {
            return available.count < Self.version1Prefix.count ? .needMoreBytes : self.decodeVersion1(&buffer)
        }
        if Self.isPrefix(available, of: Self.version2Signature) {
            return available.count < Self.version2FixedLength ? .needMoreBytes : self.decodeVersion2(&buffer)
        }
        return .malformed(.notAProxyHeader)
    }

    /// Whether the bytes so far agree with `expected` (either may be the shorter).
    private static func isPrefix(_ bytes: ByteBufferView, of expected: [UInt8]) -> Bool {
        zip(bytes, expected).allSatisfy { $0 == $1 }
    }

    // MARK: - Version 1

    private func decodeVersion1(_ buffer: inout ByteBuffer) -> ProxyHeaderDecodingResult {
        let view = buffer.readableBytesView
        let searched = view.prefix(Self.maximumVersion1Length)
        guard let lineFeed = searched.firstIndex(of: UInt8(ascii: "\n")) else {
            return view.count >= Self.maximumVersion1Length ? .malformed(.lineTooLong) : .needMoreBytes
        }
        let length = lineFeed - view.startIndex
        guard length >= 1, view[lineFeed - 1] == UInt8(ascii: "\r") else {
            return .malformed(.invalidLine("line not ended by CRLF"))
        }
        let line = Array(view[view.startIndex..<(lineFeed - 1)])
        let result = Self.parseVersion1(line)
        if case .header = result { buffer.moveReaderIndex(forwardBy: length + 1) }
        return result
    }

    private static func parseVersion1(_ line: [UInt8]) -> ProxyHeaderDecodingResult {
        let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count >= 2 else { return .malformed(.invalidLine("no protocol")) }
        let proto = String(decoding: fields[1], as: UTF8.self)
        if proto == "UNKNOWN" {
            // The spec lets the rest of an UNKNOWN line be anything; the receiver ignores it.
            return .header(ProxyHeader(version: .v1, source: nil, destination: nil))
        }
        guard proto == "TCP4" || proto == "TCP6" else { return .malformed(.invalidLine("unknown protocol \"\(proto)\"")) }
        guard fields.count == 6 else {
            return .malformed(.invalidLine("expected 4 fields after \(proto), found \(fields.count - 2)"))
        }
        func address(_ text: ArraySlice<UInt8>) -> ProxyIPAddress? {
            proto == "TCP4" ? ProxyIPAddress(ipv4: text) : ProxyIPAddress(ipv6: text)
        }
        guard let source = address(fields[2]) else { return .malformed(.invalidAddress(String(decoding: fields[2], as: UTF8.self))) }
        guard let destination = address(fields[3]) else {
            return .malformed(.invalidAddress(String(decoding: fields[3], as: UTF8.self)))
        }
        guard let sourcePort = Self.port(fields[4]) else { return .malformed(.invalidPort(String(decoding: fields[4], as: UTF8.self))) }
        guard let destinationPort = Self.port(fields[5]) else {
            return .malformed(.invalidPort(String(decoding: fields[5], as: UTF8.self)))
        }
        return .header(
            ProxyHeader(
                version: .v1, source: ProxyEndpoint(address: source, port: sourcePort),
                destination: ProxyEndpoint(address: destination, port: destinationPort)))
    }

    /// Decimal 0-65535 without leading zeros.
    private static func port(_ text: ArraySlice<UInt8>) -> UInt16? {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(ASCII.isDigit) else { return nil }
        if text.count > 1 && text.first == UInt8(ascii: "0") { return nil }
        let value = text.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return value <= 65535 ? UInt16(value) : nil
    }
}
