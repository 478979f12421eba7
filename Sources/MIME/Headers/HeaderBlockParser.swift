/// Reads a header block (RFC 5322 §2.2, with the obsolete syntax of §4.5: blanks before the colon, and an
/// mbox `From ` line at the very top). Reading stops at the empty line, at a line that cannot be a header field
/// (the body then starts on that line, as a missing separator line would mean), or at a line the caller says is
/// a multipart boundary. One pass over the bytes; limits cap what is stored, never how far it looks.
struct HeaderBlockParser {
    var limits: MIMELimits

    func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        allowMboxFromLine: Bool = false,
        isBoundary: (Int, Int) -> Bool = { _, _ in false }
    ) -> HeaderBlock {
        var block = HeaderBlock(bodyStart: end)
        var position = start
        var storedBytes = 0
        var current: RawHeaderField?
        var first = true

        func commit() {
            guard var field = current else { return }
            current = nil
            trimTrailingBlanks(&field.value)
            if block.truncation != nil { return }
            if block.fields.count >= limits.maxHeaderCount {
                block.truncation = .headerCount
                return
            }
            block.fields.append(field)
        }

        while position < end {
            let lineEnd = Self.lineEnd(bytes, from: position, to: end)
            var contentEnd = lineEnd
            if contentEnd > position, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            defer { first = false }

            if contentEnd == position {
                // A lone CR line also ends the block.
                commit()
                block.bodyStart = next
                return block
            }
            if isBoundary(position, contentEnd) {
                commit()
                block.bodyStart = position
                return block
            }
            let lead = bytes[position]
            if lead == 0x20 || lead == 0x09 {
                storedBytes += next - position
                if storedBytes > limits.maxHeaderBytes, block.truncation == nil { block.truncation = .headerSize }
                if current != nil, block.truncation == nil {
                    current!.value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<contentEnd]))
                }
                position = next
                continue
            }
            if first, allowMboxFromLine, contentEnd - position >= 5,
                bytes[position] == UInt8(ascii: "F"), bytes[position + 1] == UInt8(ascii: "r"), bytes[position + 2] == UInt8(ascii: "o"),
                bytes[position + 3] == UInt8(ascii: "m"), bytes[position + 4] == 0x20
            {
                position = next
                continue
            }
            guard let colon = Self.fieldNameEnd(bytes, from: position, to: contentEnd) else {
                commit()
                block.bodyStart = position
                return block
            }
            commit()
            storedBytes += next - position
            if storedBytes > limits.maxHeaderBytes, block.truncation == nil { block.truncation = .headerSize }
            var nameEnd = colon
            while nameEnd > position, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            var valueStart = colon + 1
            while valueStart < contentEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
            if block.truncation == nil {
                current = RawHeaderField(
                    name: String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<nameEnd]), as: UTF8.self),
                    value: Array(UnsafeBufferPointer(rebasing: bytes[valueStart..<contentEnd]))
                )
            }
            position = next
        }
        commit()
        block.bodyStart = end
        return block
    }

    /// The colon ending a field name, or nil if the line is no header field (name must be printable ASCII
    /// without colon; blanks are allowed only between the name and the colon).
    static func fieldNameEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        var sawBlank = false
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: ":") { return i > start && !(sawBlank && i == start) ? i : nil }
            if byte == 0x20 || byte == 0x09 {
                sawBlank = true
            } else if byte <= 0x20 || byte >= 0x7F || sawBlank {
                return nil
            }
            i += 1
        }
        return nil
    }

    @inline(__always)
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end, let base = bytes.baseAddress else { return end }
        if let found = memchrPointer(base + start, 0x0A, end - start) { return found - base }
        return end
    }

    private func trimTrailingBlanks(_ value: inout [UInt8]) {
        while let last = value.last, last == 0x20 || last == 0x09 || last == 0x0D { value.removeLast() }
    }
}
