/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text. Lenient where mail clients are: words are
/// found anywhere, not only between blanks; adjacent words are joined without the blanks between them, and
/// their bytes are joined before charset decoding so a character split across two words survives; a word that
/// does not parse is left as it stands.
///
/// Linear time: a word's charset is bounded and its text cannot contain `?`, so a scan that starts at one `=?`
/// never passes more than three `?`, whatever the input.
public enum EncodedWordDecoder {
    static let maxCharsetLength = 64

    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "?")) else { return text }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output = ""
        var literalStart = 0
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        var i = 0
        let count = bytes.count

        func flushPending() {
            if let charset = pendingCharset {
                output += CharsetDecoder.decode(pendingBytes, charset: charset)
                pendingCharset = nil
                pendingBytes.removeAll(keepingCapacity: true)
            }
        }

        while i + 1 < count {
            guard bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "?"), let word = parseWord(bytes, at: i) else {
                i += 1
                continue
            }
            let between = UnsafeBufferPointer(rebasing: bytes[literalStart..<i])
            let onlyBlanks = between.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if pendingCharset != nil, onlyBlanks {
                if pendingCharset != word.charset { flushPending() }
            } else {
                flushPending()
                output += String(decoding: between, as: UTF8.self)
            }
            pendingCharset = word.charset
            pendingBytes.append(contentsOf: word.bytes)
            i = word.end
            literalStart = word.end
        }
        flushPending()
        output += String(decoding: UnsafeBufferPointer(rebasing: bytes[literalStart..<count]), as: UTF8.self)
        return output
    }

    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    static func parseWord(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Word? {
        let count = bytes.count
        var i = start + 2
        let charsetStart = i
        while i < count, bytes[i] != UInt8(ascii: "?") {
            let byte = bytes[i]
            if byte <= 0x20 || byte >= 0x7F || i - charsetStart > maxCharsetLength { return nil }
            i += 1
        }
        guard i > charsetStart, i + 2 < count, bytes[i + 2] == UInt8(ascii: "?") else { return nil }
        let charset = String(decoding: UnsafeBufferPointer(rebasing: bytes[charsetStart..<i]), as: UTF8.self)
        let encoding = bytes[i + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        while j < count, bytes[j] != UInt8(ascii: "?") {
            let byte = bytes[j]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A { return nil }
            j += 1
        }
        guard j + 1 < count, bytes[j + 1] == UInt8(ascii: "=") else { return nil }
        let text = UnsafeBufferPointer(rebasing: bytes[textStart..<j])
        let decoded = encoding == UInt8(ascii: "b") ? Base64.decode(buffer: text) : QuotedPrintable.decode(buffer: text, underscoreIsSpace: true)
        return Word(charset: charset, bytes: decoded, end: j + 2)
    }
}
