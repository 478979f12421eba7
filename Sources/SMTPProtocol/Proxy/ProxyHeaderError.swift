/// Why the first bytes of a connection are not an acceptable PROXY protocol header.
public enum ProxyHeaderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Neither the v1 `PROXY ` text nor the v2 signature.
    case notAProxyHeader
    /// v1: no CRLF within 107 octets.
    case lineTooLong
    /// v1: a line that does not follow the grammar; what was wrong.
    case invalidLine(String)
    case invalidAddress(String)
    case invalidPort(String)
    /// v2: a version nibble other than 2.
    case unsupportedVersion(UInt8)
    /// v2: a command other than LOCAL or PROXY.
    case unsupportedCommand(UInt8)
    /// v2: a family or transport we do not proxy (UNIX sockets, UDP, unknown values).
    case unsupportedFamily(UInt8)
    /// v2: the length field announces more than the decoder accepts.
    case tooLong(length: Int, limit: Int)
    /// v2: the length field is shorter than the addresses of its family.
    case truncatedAddresses(length: Int, needed: Int)

    public var description: String {
        switch self {
        case .notAProxyHeader: "no PROXY protocol header"
        case .lineTooLong: "v1 header line longer than 107 octets"
        case .invalidLine(let reason): "invalid v1 header: \(reason)"
        case .invalidAddress(let text): "invalid address \"\(text)\""
        case .invalidPort(let text): "invalid port \"\(text)\""
        case .unsupportedVersion(let version): "unsupported v2 version \(version)"
        case .unsupportedCommand(let command): "unsupported v2 command \(command)"
        case .unsupportedFamily(let family): "unsupported v2 address family 0x\(String(family, radix: 16))"
        case .tooLong(let length, let limit): "v2 header of \(length) octets exceeds the limit of \(limit)"
        case .truncatedAddresses(let length, let needed): "v2 address block of \(length) octets, \(needed) needed"
        }
    }
}
