/// Unwraps `format=flowed` text (RFC 3676 §4): a line ending in a space continues on the next line of the same
/// quote depth; `delsp=yes` removes that space; space-stuffing is undone; the signature separator `-- ` is never
/// joined. Mail clients display flowed text unwrapped, and so does the JSON. Input has LF line endings.
enum FlowedTextDecoder {
    static func decode(_ text: String, deleteSpace: Bool) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        output.reserveCapacity(bytes.count)
        var paragraph: [UInt8] = []
        var paragraphDepth = -1
        var lineStart = 0

        func flush() {
            guard paragraphDepth >= 0 else { return }
            if paragraphDepth > 0 {
                output.append(contentsOf: repeatElement(UInt8(ascii: ">"), count: paragraphDepth))
                output.append(0x20)
            }
            output.append(contentsOf: paragraph)
            output.append(0x0A)
            paragraph.removeAll(keepingCapacity: true)
            paragraphDepth = -1
        }

        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var start = lineStart
            var depth = 0
            while start < lineEnd, bytes[start] == UInt8(ascii: ">") {
                depth += 1
                start += 1
            }
            if start < lineEnd, bytes[start] == 0x20 { start += 1 }
            var content = bytes[start..<lineEnd]
            let isSignature = content.elementsEqual("-- ".utf8)
            let flowed = !isSignature && content.last == 0x20
            if paragraphDepth >= 0, depth != paragraphDepth { flush() }
            if flowed, deleteSpace { content = content.dropLast() }
            if isSignature { flush() }
            paragraph.append(contentsOf: content)
            paragraphDepth = depth
            if !flowed { flush() }
            lineStart = lineEnd + 1
        }
        flush()
        // Keep the original's final line break, or its absence.
        if bytes.last != 0x0A, output.last == 0x0A { output.removeLast() }
        return String(decoding: output, as: UTF8.self)
    }
}
