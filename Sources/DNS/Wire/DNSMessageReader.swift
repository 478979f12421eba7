import MailAuth

/// Reads a reply message (RFC 1035 §4). c-ares 1.18's record parsers give no TTL for TXT, MX or PTR and never the
/// AD bit or the SOA of a negative answer, all of which the cache and DNSSEC-aware callers need; so the resolver
/// takes the raw reply from `ares_send` and reads it here. Bounds are checked on every read, compression
/// pointers may only point backwards, and a CNAME chain is followed at most 16 steps.
public enum DNSMessageReader {
    public static func read(_ message: [UInt8], name: String, type: DNSRecordType) throws(DNSMessageError) -> DNSReply {
        var reader = Cursor(bytes: message)
        guard message.count >= 12 else { throw DNSMessageError("a reply shorter than its header") }
        let flags = try reader.uint16(at: 2)
        let questions = Int(try reader.uint16(at: 4))
        let answers = Int(try reader.uint16(at: 6))
        let authorities = Int(try reader.uint16(at: 8))
        reader.offset = 12
        for _ in 0..<questions {
            _ = try reader.name()
            reader.offset += 4
        }
        struct Record {
            var owner: String
            var type: UInt16
            var ttl: UInt32
            var data: Range<Int>
        }
        func readRecords(_ count: Int) throws(DNSMessageError) -> [Record] {
            var records: [Record] = []
            for _ in 0..<count {
                let owner = try reader.name().lowercased()
                let type = try reader.uint16(at: reader.offset)
                let ttl = try reader.uint32(at: reader.offset + 4)
                let length = Int(try reader.uint16(at: reader.offset + 8))
                let start = reader.offset + 10
                guard start + length <= message.count else { throw DNSMessageError("a record runs past the end of the reply") }
                records.append(Record(owner: owner, type: type, ttl: ttl & 0x7fff_ffff, data: start..<start + length))
                reader.offset = start + length
            }
            return records
        }
        let answerRecords = try readRecords(answers)
        let authorityRecords = try readRecords(authorities)

        var owner = normalized(name)
        var ttl: UInt32?
        var found: [DNSRecordData] = []
        for _ in 0..<16 {
            let matching = answerRecords.filter { $0.owner == owner && $0.type == type.rawValue }
            if !matching.isEmpty {
                for record in matching {
                    found.append(try data(of: record.type, in: record.data, reader: &reader))
                    ttl = min(ttl ?? record.ttl, record.ttl)
                }
                break
            }
            guard let alias = answerRecords.first(where: { $0.owner == owner && $0.type == DNSRecordType.cname.rawValue }),
                  case .name(let target) = try data(of: alias.type, in: alias.data, reader: &reader)
            else { break }
            ttl = min(ttl ?? alias.ttl, alias.ttl)
            owner = normalized(target)
        }
        var negativeTTL: UInt32?
        if let soa = authorityRecords.first(where: { $0.type == DNSRecordType.soa.rawValue }) {
            reader.offset = soa.data.lowerBound
            _ = try reader.name()
            _ = try reader.name()
            let minimum = try reader.uint32(at: reader.offset + 16)
            negativeTTL = min(soa.ttl, minimum)
        }
        return DNSReply(
            responseCode: UInt8(flags & 0x000f), authenticated: flags & 0x0020 != 0,
            records: found, ttl: found.isEmpty ? nil : ttl, negativeTTL: negativeTTL)
    }

    static func normalized(_ name: String) -> String {
        var text = name.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func data(of type: UInt16, in range: Range<Int>, reader: inout Cursor) throws(DNSMessageError) -> DNSRecordData {
        let bytes = reader.bytes
        switch DNSRecordType(rawValue: type) {
        case .a, .aaaa:
            guard range.count == (type == DNSRecordType.a.rawValue ? 4 : 16),
                  let address = IPAddress(networkBytes: Array(bytes[range]))
            else { throw DNSMessageError("an address record of \(range.count) octets") }
            return .address(address)
        case .txt:
            var text: [UInt8] = []
            var index = range.lowerBound
            while index < range.upperBound {
                let length = Int(bytes[index])
                guard index + 1 + length <= range.upperBound else { throw DNSMessageError("a TXT string runs past its record") }
                text += bytes[index + 1..<index + 1 + length]
                index += 1 + length
            }
            return .text(String(decoding: text, as: UTF8.self))
        case .mx:
            let preference = try reader.uint16(at: range.lowerBound)
            reader.offset = range.lowerBound + 2
            return .mailExchange(MXRecord(preference: preference, exchange: normalized(try reader.name())))
        case .ptr, .cname:
            reader.offset = range.lowerBound
            return .name(normalized(try reader.name()))
        default:
            throw DNSMessageError("a record of type \(type) where none was asked for")
        }
    }

    /// A read position over the reply with checked reads.
    struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        func uint16(at index: Int) throws(DNSMessageError) -> UInt16 {
            guard index >= 0, index + 2 <= bytes.count else { throw DNSMessageError("a reply cut short") }
            return UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
        }

        func uint32(at index: Int) throws(DNSMessageError) -> UInt32 {
            UInt32(try uint16(at: index)) << 16 | UInt32(try uint16(at: index + 2))
        }

        /// A possibly compressed name at `offset`, which moves past it (past the first pointer, if any).
        mutating func name() throws(DNSMessageError) -> String {
            var labels: [String] = []
            var index = offset
            var resumeAt: Int?
            var octets = 0
            var pointerLimit = Int.max
            while true {
                guard index < bytes.count else { throw DNSMessageError("a name runs past the end of the reply") }
                let length = Int(bytes[index])
                if length == 0 {
                    index += 1
                    break
                }
                if length & 0xc0 == 0xc0 {
                    guard index + 1 < bytes.count else { throw DNSMessageError("a compression pointer cut short") }
                    let target = (length & 0x3f) << 8 | Int(bytes[index + 1])
                    // Each pointer lands before the previous one's target: strictly backwards, so no loops.
                    guard target < min(index, pointerLimit) else { throw DNSMessageError("a compression pointer that does not point back") }
                    pointerLimit = target
                    if resumeAt == nil { resumeAt = index + 2 }
                    index = target
                    continue
                }
                guard length <= 63, index + 1 + length <= bytes.count else { throw DNSMessageError("a label runs past the end of the reply") }
                octets += length + 1
                guard octets <= 255 else { throw DNSMessageError("a name longer than 255 octets") }
                labels.append(String(decoding: bytes[index + 1..<index + 1 + length], as: UTF8.self))
                index += 1 + length
            }
            offset = resumeAt ?? index
            return labels.joined(separator: ".")
        }
    }
}
