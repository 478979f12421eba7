/// The new text of a reply: the body cut at the first line that starts the quoted original (an attribution like
/// "On … wrote:", an Outlook "-----Original Message-----" or "From:/Sent:" block, a forwarded-message marker)
/// or the signature (RFC 3676 §4.3 `-- `), with `>`-quoted lines dropped. Works on UTF-8 bytes, line by line.
enum ReplyStripper {
    private static let separators: [[UInt8]] = [
        "-----Original Message-----", "-----Ursprüngliche Nachricht-----", "-----Message d'origine-----",
        "---------- Forwarded message", "Begin forwarded message:",
    ].map { Array($0.utf8) }
    private static let attributionEnds: [[UInt8]] = [
        "wrote:", "a écrit :", "a écrit:", "schrieb:", "escribió:", "ha scritto:", "schreef:", "napisał:", "skrev:",
    ].map { Array($0.utf8) }
    private static let attributionStarts: [[UInt8]] = ["On ", "Le ", "Am ", "El ", "Il ", "Op ", "W dniu ", "Den ", "Em "].map { Array($0.utf8) }

    static func strip(_ text: String) -> String {
        let bytes = Array(text.utf8)
        // Trimmed line ranges.
        var lines: [Range<Int>] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var a = start
            var b = end
            while a < b, isBlank(bytes[a]) { a += 1 }
            while b > a, isBlank(bytes[b - 1]) { b -= 1 }
            lines.append(a..<b)
            start = end + 1
        }
        var kept: [Range<Int>] = []
        var index = 0
        scan: while index < lines.count {
            let line = lines[index]
            let raw = bytes[line]
            if raw.elementsEqual("--".utf8) { break }
            if separators.contains(where: { raw.starts(with: $0) }) { break }
            if line.count >= 30, raw.allSatisfy({ $0 == UInt8(ascii: "_") }) { break }
            if isAttribution(raw) { break }
            // Attribution wrapped over two lines by the sender's client.
            if index + 1 < lines.count, raw.starts(with: "On ".utf8), isAttribution(raw + [0x20] + bytes[lines[index + 1]]) { break }
            if raw.starts(with: "From:".utf8) {
                for next in lines[(index + 1)...].prefix(4) where bytes[next].starts(with: "Sent:".utf8) || bytes[next].starts(with: "Date:".utf8) {
                    break scan
                }
            }
            if raw.first != UInt8(ascii: ">") { kept.append(line) }
            index += 1
        }
        while let last = kept.last, last.isEmpty { kept.removeLast() }
        let first = kept.firstIndex { !$0.isEmpty } ?? kept.endIndex
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        for (offset, line) in kept[first...].enumerated() {
            if offset > 0 { output.append(0x0A) }
            output.append(contentsOf: bytes[line])
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// "On <date>, <name> wrote:" and its common translations.
    private static func isAttribution<C: BidirectionalCollection>(_ line: C) -> Bool where C.Element == UInt8 {
        // Every attribution ends in a colon: the cheap test first, as this runs on every line.
        guard line.last == UInt8(ascii: ":"), attributionEnds.contains(where: { line.count >= $0.count && line.suffix($0.count).elementsEqual($0) }) else { return false }
        if attributionStarts.contains(where: { line.starts(with: $0) }) { return true }
        return line.contains(UInt8(ascii: "<")) && line.contains(UInt8(ascii: "@"))
    }
}
