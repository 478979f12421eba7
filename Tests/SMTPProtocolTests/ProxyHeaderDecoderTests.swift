import NIOCore
import Testing

@testable import SMTPProtocol

struct ProxyHeaderDecoderTests {
    static let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    static func v2(command: UInt8 = 0x21, family: UInt8, payload: [UInt8], length: Int? = nil) -> [UInt8] {
        let length = length ?? payload.count
        return signature + [command, family, UInt8(length >> 8), UInt8(length & 0xff)] + payload
    }

    static let tcp4Payload: [UInt8] = [192, 0, 2, 7, 198, 51, 100, 1, 0xC3, 0x50, 0x02, 0x4B]  // ports 50000, 587
    static let tcp6Payload: [UInt8] =
        [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [0x42]
        + [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [0x01] + [0xC3, 0x50, 0x01, 0xD1]  // 50000, 465

    static func endpoint(_ text: String, _ port: UInt16) -> ProxyEndpoint {
        let address = text.contains(":") ? ProxyIPAddress(ipv6: Array(text.utf8))! : ProxyIPAddress(ipv4: Array(text.utf8))!
        return ProxyEndpoint(address: address, port: port)
    }

    struct Valid: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var header: ProxyHeader
        var testDescription: String { name }
    }

    static let valid: [Valid] = [
        Valid(
            name: "v1 TCP4", bytes: Array("PROXY TCP4 192.0.2.7 198.51.100.1 50000 587\r\n".utf8),
            header: ProxyHeader(version: .v1, source: endpoint("192.0.2.7", 50000), destination: endpoint("198.51.100.1", 587))),
        Valid(
            name: "v1 TCP6", bytes: Array("PROXY TCP6 2001:DB8::42 2001:db8:0:0::1 50000 465\r\n".utf8),
            header: ProxyHeader(version: .v1, source: endpoint("2001:db8::42", 50000), destination: endpoint("2001:db8::1", 465))),
        Valid(
            name: "v1 TCP6 IPv4-mapped", bytes: Array("PROXY TCP6 ::ffff:192.0.2.7 ::1 0 65535\r\n".utf8),
            header: ProxyHeader(version: .v1, source: endpoint("::ffff:192.0.2.7", 0), destination: endpoint("::1", 65535))),
        Valid(name: "v1 UNKNOWN", bytes: Array("PROXY UNKNOWN\r\n".utf8), header: ProxyHeader(version: .v1, source: nil, destination: nil)),
        Valid(
            name: "v1 UNKNOWN with addresses", bytes: Array("PROXY UNKNOWN ffff:f...f:ffff 1.2.3.4 65535 65535\r\n".utf8),
            header: ProxyHeader(version: .v1, source: nil, destination: nil)),
        Valid(
            name: "v1 of exactly 107 octets",
            bytes: Array(("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n").utf8),
            header: ProxyHeader(version: .v1, source: nil, destination: nil)),
        Valid(
            name: "v1 TCP6 longest",
            bytes: Array(("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n").utf8),
            header: ProxyHeader(
                version: .v1, source: endpoint("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535),
                destination: endpoint("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535))),
        Valid(
            name: "v2 PROXY TCP4", bytes: v2(family: 0x11, payload: tcp4Payload),
            header: ProxyHeader(version: .v2, source: endpoint("192.0.2.7", 50000), destination: endpoint("198.51.100.1", 587))),
        Valid(
            name: "v2 PROXY TCP6", bytes: v2(family: 0x21, payload: tcp6Payload),
            header: ProxyHeader(version: .v2, source: endpoint("2001:db8::42", 50000), destination: endpoint("2001:db8::1", 465))),
        Valid(
            name: "v2 PROXY TCP4 with TLVs skipped",
            bytes: v2(family: 0x11, payload: tcp4Payload + [0x04, 0x00, 0x03, 0x61, 0x62, 0x63] + [0x03, 0x00, 0x04, 1, 2, 3, 4]),
            header: ProxyHeader(version: .v2, source: endpoint("192.0.2.7", 50000), destination: endpoint("198.51.100.1", 587))),
        Valid(name: "v2 LOCAL", bytes: v2(command: 0x20, family: 0x00, payload: []), header: ProxyHeader(version: .v2, source: nil, destination: nil)),
        Valid(
            name: "v2 LOCAL ignores its address block", bytes: v2(command: 0x20, family: 0x11, payload: tcp4Payload),
            header: ProxyHeader(version: .v2, source: nil, destination: nil)),
        Valid(
            name: "v2 PROXY UNSPEC", bytes: v2(family: 0x00, payload: [1, 2, 3]),
            header: ProxyHeader(version: .v2, source: nil, destination: nil)),
    ]

    @Test(arguments: valid)
    func decodesAndLeavesWhatFollows(_ example: Valid) {
        var buffer = ByteBuffer(bytes: example.bytes + Array("EHLO x\r\n".utf8))
        let result = ProxyHeaderDecoder().decode(&buffer)
        #expect(result == .header(example.header))
        #expect(String(buffer: buffer) == "EHLO x\r\n")
    }

    /// Every prefix is "need more bytes" with nothing consumed, then the whole header decodes: one read
    /// per octet is the worst split a network can produce.
    @Test(arguments: valid)
    func decodesAcrossReadsOfOneOctet(_ example: Valid) {
        let decoder = ProxyHeaderDecoder()
        var buffer = ByteBuffer()
        for (index, byte) in example.bytes.enumerated() {
            buffer.writeInteger(byte)
            let result = decoder.decode(&buffer)
            if index < example.bytes.count - 1 {
                #expect(result == .needMoreBytes, "after \(index + 1) octets")
                #expect(buffer.readableBytes == index + 1)
            } else {
                #expect(result == .header(example.header))
                #expect(buffer.readableBytes == 0)
            }
        }
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var error: ProxyHeaderError
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "SMTP instead of a header", bytes: Array("EHLO client\r\n".utf8), error: .notAProxyHeader),
        Malformed(name: "TLS ClientHello instead of a header", bytes: [0x16, 0x03, 0x01, 0x00, 0x10], error: .notAProxyHeader),
        Malformed(name: "lower-case proxy", bytes: Array("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n".utf8), error: .notAProxyHeader),
        Malformed(name: "v2 signature broken late", bytes: Array(signature.prefix(11)) + [0x00, 0x21, 0x11, 0, 12], error: .notAProxyHeader),
        Malformed(
            name: "v1 without CRLF in 107 octets", bytes: Array(("PROXY UNKNOWN " + String(repeating: "x", count: 100)).utf8),
            error: .lineTooLong),
        Malformed(
            name: "v1 of 108 octets",
            bytes: Array(("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 655350\r\n").utf8),
            error: .lineTooLong),
        Malformed(name: "v1 bare LF", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n".utf8), error: .invalidLine("line not ended by CRLF")),
        Malformed(name: "v1 no protocol", bytes: Array("PROXY \r\n".utf8), error: .invalidLine("unknown protocol \"\"")),
        Malformed(name: "v1 unknown protocol", bytes: Array("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n".utf8), error: .invalidLine("unknown protocol \"UDP4\"")),
        Malformed(
            name: "v1 missing port", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n".utf8),
            error: .invalidLine("expected 4 fields after TCP4, found 3")),
        Malformed(
            name: "v1 double space", bytes: Array("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n".utf8),
            error: .invalidLine("expected 4 fields after TCP4, found 5")),
        Malformed(
            name: "v1 trailing space", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n".utf8),
            error: .invalidLine("expected 4 fields after TCP4, found 5")),
        Malformed(name: "v1 IPv6 on TCP4", bytes: Array("PROXY TCP4 ::1 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("::1")),
        Malformed(name: "v1 IPv4 on TCP6", bytes: Array("PROXY TCP6 ::1 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("5.6.7.8")),
        Malformed(name: "v1 octet over 255", bytes: Array("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("1.2.3.256")),
        Malformed(name: "v1 octal-looking octet", bytes: Array("PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("1.2.3.04")),
        Malformed(name: "v1 three octets", bytes: Array("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("1.2.3")),
        Malformed(name: "v1 host name", bytes: Array("PROXY TCP4 proxy.local 5.6.7.8 1 2\r\n".utf8), error: .invalidAddress("proxy.local")),
        Malformed(name: "v1 two double colons", bytes: Array("PROXY TCP6 1::2::3 ::1 1 2\r\n".utf8), error: .invalidAddress("1::2::3")),
        Malformed(name: "v1 nine IPv6 groups", bytes: Array("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n".utf8), error: .invalidAddress("1:2:3:4:5:6:7:8:9")),
        Malformed(name: "v1 IPv6 zone", bytes: Array("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n".utf8), error: .invalidAddress("fe80::1%eth0")),
        Malformed(name: "v1 port over 65535", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n".utf8), error: .invalidPort("65536")),
        Malformed(name: "v1 port with leading zero", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 1 025\r\n".utf8), error: .invalidPort("025")),
        Malformed(name: "v1 negative port", bytes: Array("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n".utf8), error: .invalidPort("-1")),
        Malformed(name: "v2 version 1", bytes: v2(command: 0x11, family: 0x11, payload: tcp4Payload), error: .unsupportedVersion(1)),
        Malformed(name: "v2 version 3", bytes: v2(command: 0x31, family: 0x11, payload: tcp4Payload), error: .unsupportedVersion(3)),
        Malformed(name: "v2 command 2", bytes: v2(command: 0x22, family: 0x11, payload: tcp4Payload), error: .unsupportedCommand(2)),
        Malformed(name: "v2 UDP over IPv4", bytes: v2(family: 0x12, payload: tcp4Payload), error: .unsupportedFamily(0x12)),
        Malformed(name: "v2 UNIX stream", bytes: v2(family: 0x31, payload: [UInt8](repeating: 0, count: 216)), error: .unsupportedFamily(0x31)),
        Malformed(name: "v2 unknown family", bytes: v2(family: 0x41, payload: tcp4Payload), error: .unsupportedFamily(0x41)),
        Malformed(name: "v2 length over the limit", bytes: v2(family: 0x11, payload: [], length: 2049), error: .tooLong(length: 2049, limit: 2048)),
        Malformed(name: "v2 largest length field", bytes: v2(family: 0x11, payload: [], length: 65535), error: .tooLong(length: 65535, limit: 2048)),
        Malformed(
            name: "v2 TCP4 with a short address block", bytes: v2(family: 0x11, payload: Array(tcp4Payload.prefix(8))),
            error: .truncatedAddresses(length: 8, needed: 12)),
        Malformed(
            name: "v2 TCP6 with a TCP4 address block", bytes: v2(family: 0x21, payload: tcp4Payload),
            error: .truncatedAddresses(length: 12, needed: 36)),
    ]

    @Test(arguments: malformed)
    func refusesWithItsReasonAndConsumesNothing(_ example: Malformed) {
        var buffer = ByteBuffer(bytes: example.bytes)
        let result = ProxyHeaderDecoder().decode(&buffer)
        #expect(result == .malformed(example.error))
        #expect(buffer.readableBytes == example.bytes.count)
    }

    /// A refusal comes as soon as the bytes decide it, never later than the bound: a peer cannot keep the
    /// decoder waiting by sending a header that can no longer become valid.
    @Test(arguments: malformed)
    func refusesAsSoonAsTheBytesDecide(_ example: Malformed) {
        let decoder = ProxyHeaderDecoder()
        var buffer = ByteBuffer()
        var refusedAfter: Int?
        for (index, byte) in example.bytes.enumerated() {
            buffer.writeInteger(byte)
            switch decoder.decode(&buffer) {
            case .needMoreBytes: continue
            case .header(let header): Issue.record("decoded \(header) after \(index + 1) octets")
            case .malformed(let error): #expect(error == example.error)
            }
            refusedAfter = index + 1
            break
        }
        #expect(refusedAfter != nil)
        #expect(refusedAfter! <= max(ProxyHeaderDecoder.maximumVersion1Length, 16 + 36))
    }

    @Test func incompleteHeadersWait() {
        let decoder = ProxyHeaderDecoder()
        for bytes in [[], Array("PROX".utf8), Array("PROXY TCP4 1.2.3.4".utf8), Array(Self.signature.prefix(5)), Self.v2(family: 0x11, payload: [1, 2, 3], length: 12)] {
            var buffer = ByteBuffer(bytes: bytes)
            let result = decoder.decode(&buffer)
            #expect(result == .needMoreBytes)
            #expect(buffer.readableBytes == bytes.count)
        }
    }

    @Test(arguments: [
        ("::", "::"), ("::1", "::1"), ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"), ("1:0:0:1:0:0:0:1", "1:0:0:1::1"),
        ("0:0:1::", "0:0:1::"), ("1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("::1.2.3.4", "::1.2.3.4"), ("::ffff:0:1.2.3.4", "::ffff:0:102:304"), ("fe80::0001:0abc", "fe80::1:abc"),
    ])
    func ipv6PrintsLikeInetNtop(_ input: String, _ expected: String) {
        #expect(ProxyIPAddress(ipv6: Array(input.utf8))?.description == expected)
    }
}
