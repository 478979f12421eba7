/// The originator fields of a message header (RFC 5322 3.6.2: `From:` and `Sender:`), every one of them wherever
/// it stands, for a sender check that must see what every later reader sees: the webhook's parser takes the
/// first `From:`, a relay's recipients may show another, so the check reads them all and names what would make
/// readers disagree (a second `From:`, a value that is no list of addresses, a line that is no header field).
///
/// Read with the same grammar as `MessageParser` (folding, blanks before the colon, 8-bit values), without its
/// storage limits: the caller bounds the header block it passes.
public struct OriginatorFields: Sendable, Equatable {
    /// What keeps the header from being read one way only.
    public enum Problem: Sendable, Equatable {
        /// The named field appears more than once (RFC 5322 3.6 allows one `From:` and one `Sender:`).
        case repeated(field: String, count: Int)
        /// The field's value is not a list of addresses (one address for `Sender:`).
        case unparseable(field: String, value: String)
        /// Line `line` (from 1) of the header is neither a field nor a continuation, and a `From:` or `Sender:`
        /// follows: parsers differ on whether the header ends there, so that field may be seen by some readers and
        /// not by others.
        case notAField(line: Int)
    }

    /// The addresses of every `From:` field, in order.
    public private(set) var from: [String] = []
    /// The addresses of every `Sender:` field, in order.
    public private(set) var sender: [String] = []
    /// The first problem found; nil when the header reads one way only.
    public private(set) var problem: Problem?

    /// `headerBlock`: the header's bytes up to (not including) the blank line that ends it.
    public init(headerBlock: [UInt8]) {
        let limits = MIMELimits(maxHeaderCount: .max, maxHeaderBytes: .max)
        let block = headerBlock.withUnsafeBufferPointer { bytes in
            HeaderBlockParser(limits: limits).parse(bytes, from: 0, to: bytes.count)
        }
        var counts: [String: Int] = [:]
        for field in block.fields where field.key == "from" || field.key == "sender" {
            counts[field.key, default: 0] += 1
            let text = HeaderText.decode(field.value, fallbackCharset: nil)
            let addresses = AddressListParser.parse(text).map(\.address)
            let single = field.key == "sender"
            if addresses.isEmpty || !addresses.allSatisfy(Self.isAddress) || (single && addresses.count > 1) {
                problem = problem ?? .unparseable(field: field.name, value: text)
            }
            if single { sender += addresses } else { from += addresses }
        }
        for name in ["from", "sender"] {
            if let count = counts[name], count > 1, problem == nil {
                problem = .repeated(field: name == "from" ? "From" : "Sender", count: count)
            }
        }
        if block.bodyStart < headerBlock.count, problem == nil, Self.originatorFollows(headerBlock, from: block.bodyStart) {
            problem = .notAField(line: headerBlock[..<block.bodyStart].count(where: { $0 == 0x0A }) + 1)
        }
    }

    /// Whether a line from `start` on looks like a `From:` or `Sender:` field: after a line that is no field, the
    /// parser sees body, a lenient reader may still see a sender.
    static func originatorFollows(_ bytes: [UInt8], from start: Int) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var position = start
            while position < buffer.count {
                let lineEnd = HeaderBlockParser.lineEnd(buffer, from: position, to: buffer.count)
                if let colon = HeaderBlockParser.fieldNameEnd(buffer, from: position, to: lineEnd) {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<colon]), as: UTF8.self)
                    let key = name.trimmingLWSP().lowercased()
                    if key == "from" || key == "sender" { return true }
                }
                position = lineEnd + 1
            }
            return false
        }
    }

    /// `local@domain` as `AddressListParser` renders it: a local part and a domain of atoms (or a literal),
    /// nothing left over that a reader could take for a second address.
    static func isAddress(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if domain.hasPrefix("[") { return domain.hasSuffix("]") && domain.count > 2 }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.unicodeScalars.allSatisfy { $0.value > 0x7F || $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }
}
