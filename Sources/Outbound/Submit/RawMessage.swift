import MIME
import Webhooks

/// A complete RFC 5322 message sent as is (`POST /v1/messages/raw`), read strictly, because it is relayed
/// without being rebuilt: what the builder guarantees for a JSON send must hold for these bytes already.
///
/// - Line endings: RFC 5321 section 2.3.8 allows CR and LF on the wire only as CRLF. A bare LF is taken as a line
///   end and written CRLF (a message saved on a Unix system and sent with `curl --data-binary` has only LFs; its
///   lines mean the same with CRLF). A bare CR has no such reading (it is the stuff of SMTP smuggling) and is
///   refused, as is NUL. A last line without its line end gets one: SMTP would add it on the wire anyway.
/// - No line over 998 octets without its CRLF (RFC 5322 section 2.1.1): the relay may not fold it for the sender.
/// - A header of fields only, up to the first empty line (a line that is not a field there would end the header
///   early and turn the rest into body), with a `From:` holding a mailbox.
/// Pure: no I/O.
public struct RawMessage: Sendable {
    /// The message with CRLF line endings.
    public let bytes: [UInt8]
    /// The header, decoded (addresses, Message-ID, Date).
    public let header: HeaderSummary
    /// Each header field: its name lowercased and its bytes in `bytes`, folded lines and CRLF included.
    let fields: [(name: String, range: Range<Int>)]
    /// The offset of the empty line that ends the header (`bytes.count` when the message is all header).
    let headerEnd: Int

    public static let maximumLineLength = 998

    public init(_ input: [UInt8]) throws(OutboundRefusal) {
        let bytes = try Self.normalizedLines(input)
        var fields: [(name: String, range: Range<Int>)] = []
        var position = 0
        var line = 1
        while position < bytes.count {
            let end = Self.lineEnd(bytes, from: position)
            if end == position { break }
            if bytes[position] == 0x20 || bytes[position] == 0x09 {
                guard let last = fields.popLast() else {
                    throw OutboundRefusal(.unprocessable, field: nil, "the message starts with a folded line, not a header field")
                }
                fields.append((last.name, last.range.lowerBound..<(end + 2)))
            } else {
                guard let name = Self.fieldName(bytes[position..<end]) else {
                    throw OutboundRefusal(.unprocessable, field: nil,
                                          "line \(line) is not a header field; the header ends with an empty line")
                }
                fields.append((name, position..<(end + 2)))
            }
            position = end + 2
            line += 1
        }
        let headerEnd = min(position, bytes.count)
        // The parser reads only the header: the body is relayed as is, never looked into.
        let parsed = MessageParser(digester: WebhookBodyRenderer.digester).parse(Array(bytes[..<headerEnd]) + [0x0D, 0x0A])
        guard fields.contains(where: { $0.name == "from" }) else {
            throw OutboundRefusal(.unprocessable, field: "From", "the header has no From field (RFC 5322 section 3.6)")
        }
        guard parsed.header.from.first != nil else {
            throw OutboundRefusal(.unprocessable, field: "From", "the From field holds no mailbox")
        }
        self.bytes = bytes
        self.header = parsed.header
        self.fields = fields
        self.headerEnd = headerEnd
    }

    /// The first `From:` mailbox: the envelope sender when the request names none, and what the key's sender
    /// rules and the DKIM signer look at.
    public var fromAddress: String { header.from.first?.address ?? "" }

    /// To, Cc and Bcc, in that order, each with the header field it came from: the envelope recipients when the
    /// request names none.
    public var headerRecipients: [(address: String, field: String)] {
        header.to.map { ($0.address, "To") } + header.cc.map { ($0.address, "Cc") } + header.bcc.map { ($0.address, "Bcc") }
    }

    /// The CRLF form of `input`, checked line by line.
    static func normalizedLines(_ input: [UInt8]) throws(OutboundRefusal) -> [UInt8] {
        guard !input.isEmpty else { throw OutboundRefusal(.unprocessable, field: nil, "the message is empty") }
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 32 + 2)
        var lineStart = 0
        var line = 1
        var index = 0
        func endLine() throws(OutboundRefusal) {
            let length = output.count - lineStart
            guard length <= maximumLineLength else {
                throw OutboundRefusal(.unprocessable, field: nil,
                                      "line \(line) has \(length) octets; at most \(maximumLineLength) (RFC 5322 section 2.1.1)")
            }
            output += [0x0D, 0x0A]
            lineStart = output.count
            line += 1
        }
        while index < input.count {
            let byte = input[index]
            switch byte {
            case 0x0D:
                guard index + 1 < input.count, input[index + 1] == 0x0A else {
                    throw OutboundRefusal(.unprocessable, field: nil,
                                          "line \(line) has a CR without LF (RFC 5321 section 2.3.8); end lines with CRLF or LF")
                }
                try endLine()
                index += 2
                continue
            case 0x0A:
                try endLine()
            case 0x00:
                throw OutboundRefusal(.unprocessable, field: nil, "line \(line) has a NUL octet, which no message may carry")
            default:
                output.append(byte)
            }
            index += 1
        }
        if lineStart < output.count { try endLine() }
        return output
    }

    /// Where the line starting at `start` ends: the offset of its CR (the bytes are normalised: CRLF only).
    static func lineEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != 0x0D { index += 1 }
        return index
    }

    /// The lowercased name of a header field line (printable ASCII but the colon, RFC 5322 section 2.2, with the
    /// obsolete blanks before the colon), or nil if the line is no field.
    static func fieldName(_ line: ArraySlice<UInt8>) -> String? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
        var nameEnd = colon
        while nameEnd > line.startIndex, line[nameEnd - 1] == 0x20 || line[nameEnd - 1] == 0x09 { nameEnd -= 1 }
        let name = line[line.startIndex..<nameEnd]
        guard !name.isEmpty, name.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return String(decoding: name, as: UTF8.self).lowercased()
    }
}
