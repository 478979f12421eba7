import Foundation

/// Re-encodes an 8-bit message for an upstream without 8BITMIME (RFC 6152 §3): each part whose body has 8-bit
/// bytes gets quoted-printable (`text/*`) or base64 (anything else) and its `Content-Transfer-Encoding` changed;
/// the multipart structure, every boundary and every other byte stay as they were. Pure.
public enum SevenBitDowngrader {
    /// Deeper nesting is refused rather than recursed into.
    static let maximumDepth = 64

    public static func downgrade(_ message: [UInt8]) -> SevenBitDowngrade {
        guard message.contains(where: { $0 >= 0x80 }) else { return .unchanged }
        do {
            return .downgraded(try entity(message[...], depth: 0))
        } catch {
            return .refused((error as? Refusal)?.reason ?? "\(error)")
        }
    }

    struct Refusal: Error {
        var reason: String
    }

    /// One entity (a message or a body part): the header as it is, the body re-encoded.
    static func entity(_ bytes: ArraySlice<UInt8>, depth: Int) throws -> [UInt8] {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return Array(bytes) }
        guard depth < maximumDepth else { throw Refusal(reason: "MIME nesting deeper than \(maximumDepth)") }
        let bodyStart = Self.bodyStart(bytes)
        let header = bytes[bytes.startIndex..<bodyStart]
        if header.contains(where: { $0 >= 0x80 }) {
            throw Refusal(reason: "8-bit bytes in a header field need SMTPUTF8")
        }
        let body = bytes[bodyStart...]
        let fields = unfoldedFields(header)
        let contentType = ParameterParser.parse(fields["content-type"] ?? "text/plain")
        let type = contentType.value.lowercased()
        let encoding = (fields["content-transfer-encoding"] ?? "7bit").trimmingCharacters(in: .whitespaces).lowercased()

        if type.hasPrefix("multipart/"), let boundary = contentType[parameter: "boundary"], !boundary.isEmpty {
            let parts = try multipart(body, boundary: boundary, depth: depth)
            return Array(header) + parts
        }
        if type == "message/rfc822" || type == "message/global" {
            // RFC 2046 §5.2.1: an encapsulated message is never encoded itself; its own parts are.
            let inner = try entity(body, depth: depth + 1)
            return withEncoding(header, "7bit") + inner
        }
        guard encoding == "7bit" || encoding == "8bit" || encoding == "binary" else {
            throw Refusal(reason: "8-bit bytes in a part declared \(encoding)")
        }
        if type.hasPrefix("text/") {
            var lines = EncodedBody.normalizedLines(Array(body))
            // A part's last line break belongs to the boundary after it: adding one would add a line to the text.
            if body.last != 0x0A, body.last != 0x0D, lines.last == 0x0A { lines.removeLast(2) }
            return withEncoding(header, "quoted-printable") + QuotedPrintableEncoder.encode(lines)
        }
        return withEncoding(header, "base64") + EncodedBody.binary(Array(body)).bytes
    }

    /// The parts between `--boundary` lines re-encoded; the delimiter lines, the preamble and the epilogue kept
    /// (8-bit bytes in those, which no reader shows, become `?`).
    static func multipart(_ body: ArraySlice<UInt8>, boundary: String, depth: Int) throws -> [UInt8] {
        let delimiter = Array(("--" + boundary).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(body.count + body.count / 3)
        var partStart: Int?
        var copiedUpTo = body.startIndex
        var lineStart = body.startIndex
        var closed = false
        while lineStart < body.endIndex, !closed {
            let lineEnd = body[lineStart...].firstIndex(of: 0x0A).map { $0 + 1 } ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                // The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
                var contentEnd = lineStart
                if contentEnd > copiedUpTo, body[contentEnd - 1] == 0x0A { contentEnd -= 1 }
                if contentEnd > copiedUpTo, body[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                let content = body[copiedUpTo..<max(copiedUpTo, contentEnd)]
                if partStart != nil {
                    out += try entity(content, depth: depth + 1)
                } else {
                    out += sanitized(content)
                }
                out += body[max(copiedUpTo, contentEnd)..<lineEnd]
                copiedUpTo = lineEnd
                partStart = lineEnd
                closed = line.dropFirst(delimiter.count).starts(with: Array("--".utf8))
            }
            lineStart = lineEnd
        }
        out += sanitized(body[copiedUpTo...])
        return out
    }

    static func sanitized(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { $0 >= 0x80 ? UInt8(ascii: "?") : $0 }
    }

    /// Where the body begins: after the first empty line, or at the end when there is none.
    static func bodyStart(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = bytes[index..<lineEnd]
            if line.isEmpty || line.elementsEqual([0x0D]) { return min(lineEnd + 1, bytes.endIndex) }
            index = lineEnd + 1
        }
        return bytes.endIndex
    }

    /// Lower-cased name → unfolded value of the first field of that name.
    static func unfoldedFields(_ header: ArraySlice<UInt8>) -> [String: String] {
        var fields: [String: String] = [:]
        let text = String(decoding: header, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n ", with: " ")
            .replacingOccurrences(of: "\n\t", with: " ")
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            if fields[name] == nil { fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    /// The header with its `Content-Transfer-Encoding` (and continuation lines) replaced by `encoding`, the
    /// empty line that ends it kept.
    static func withEncoding(_ header: ArraySlice<UInt8>, _ encoding: String) -> [UInt8] {
        var lines: [ArraySlice<UInt8>] = []
        var index = header.startIndex
        while index < header.endIndex {
            let lineEnd = header[index...].firstIndex(of: 0x0A).map { $0 + 1 } ?? header.endIndex
            lines.append(header[index..<lineEnd])
            index = lineEnd
        }
        let name = Array("content-transfer-encoding:".utf8)
        var out: [UInt8] = []
        var skipping = false
        var ending: ArraySlice<UInt8> = []
        for (position, line) in lines.enumerated() {
            let isLast = position == lines.count - 1
            if isLast, line.first == 0x0D || line.first == 0x0A {
                ending = line
                break
            }
            if skipping, line.first == 0x20 || line.first == 0x09 { continue }
            skipping = line.prefix(name.count).map { $0 | 0x20 }.elementsEqual(name.map { $0 | 0x20 })
            if !skipping { out += line }
        }
        out += Array("Content-Transfer-Encoding: \(encoding)\r\n".utf8)
        out += ending.isEmpty ? [0x0D, 0x0A] : Array(ending)
        return out
    }
}
