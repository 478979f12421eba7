import NIOCore

extension ProxyHeaderDecoder {
    /// v2 after its 12-octet signature: version and command, family and transport, a big-endian length,
    /// then the addresses and TLVs. Everything is checked from the fixed part before waiting for the rest.
    func decodeVersion2(_ buffer: inout ByteBuffer) -> ProxyHeaderDecodingResult {
        let start = buffer.readerIndex
        let versionCommand = buffer.getInteger(at: start + 12, as: UInt8.self)!
        let family = buffer.getInteger(at: start + 13, as: UInt8.self)!
        let length = Int(buffer.getInteger(at: start + 14, as: UInt16.self)!)
        guard versionCommand >> 4 == 2 else { return .malformed(.unsupportedVersion(versionCommand >> 4)) }
        let isLocal: Bool
        switch versionCommand & 0x0F {
        case 0x0: isLocal = true
        case 0x1: isLocal = false
        default: return .malformed(.unsupportedCommand(versionCommand & 0x0F))
        }
        guard length <= self.maximumVersion2Length else {
            return .malformed(.tooLong(length: length, limit: self.maximumVersion2Length))
        }
        // LOCAL (a health check from the proxy itself) carries no client: whatever follows is ignored.
        var addressLength = 0
        if !isLocal {
            switch family {
            case 0x00: addressLength = 0
            case 0x11: addressLength = 12
            case 0x21: addressLength = 36
            default: return .malformed(.unsupportedFamily(family))
            }
            guard length >= addressLength else { return .malformed(.truncatedAddresses(length: length, needed: addressLength)) }
        }
        guard buffer.readableBytes >= Self.version2FixedLength + length else { return .needMoreBytes }
        var header = ProxyHeader(version: .v2, source: nil, destination: nil)
        let addresses = start + Self.version2FixedLength
        if !isLocal && addressLength > 0 {
            let size = family == 0x11 ? 4 : 16
            let source = buffer.getBytes(at: addresses, length: size)!
            let destination = buffer.getBytes(at: addresses + size, length: size)!
            let sourcePort = buffer.getInteger(at: addresses + 2 * size, as: UInt16.self)!
            let destinationPort = buffer.getInteger(at: addresses + 2 * size + 2, as: UInt16.self)!
            let make: ([UInt8]) -> ProxyIPAddress = { size == 4 ? .v4($0) : .v6($0) }
            header.source = ProxyEndpoint(address: make(source), port: sourcePort)
            header.destination = ProxyEndpoint(address: make(destination), port: destinationPort)
        }
        buffer.moveReaderIndex(forwardBy: Self.version2FixedLength + length)
        return .header(header)
    }
}
