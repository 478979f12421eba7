/// RFC 2047 encoded words in UTF-8: B or Q, whichever is shorter for the text, each word at most 75 characters,
/// split between grapheme clusters (between scalars only for a cluster too long for one word), so no word ever
/// holds part of a UTF-8 sequence. Q uses only the characters RFC 2047 §5 (3) allows in a phrase, so the same
/// words serve display names, the subject and parameter fallbacks; every other byte, control characters
/// included, is encoded.
enum EncodedWordEncoder {
    static let maxWordLength = 75
    /// `=?utf-8?b?` + `?=`.
    static let overhead = 12

    enum Encoding {
        case b
        case q
    }

    static func isQSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), 0x20:
            return true
        default:
            return false
        }
    }

    static func qLength<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        bytes.reduce(0) { $0 + (isQSafe($1) ? 1 : 3) }
    }

    static func bLength(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// The encoded words for `text`, to be written separated by blanks (which decoders drop between words).
    /// `firstWordLength` bounds the first word more tightly, to fit the rest of a header's first line.
    static func encode(_ text: String, maxWordLength: Int = maxWordLength, firstWordLength: Int? = nil) -> [String] {
        var maxPayload = min(maxWordLength, firstWordLength ?? maxWordLength) - overhead
        let bytes = Array(text.utf8)
        // The total for the whole text decides: per-word choices would save little and mix styles.
        let encoding: Encoding = qLength(bytes) <= bLength(bytes.count) ? .q : .b
        var words: [String] = []
        var chunk: [UInt8] = []

        func fits(_ candidate: [UInt8]) -> Bool {
            switch encoding {
            case .q: qLength(candidate) <= maxPayload
            case .b: bLength(candidate.count) <= maxPayload
            }
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(word(chunk, encoding))
            chunk.removeAll(keepingCapacity: true)
            maxPayload = maxWordLength - overhead
        }
        func add(_ piece: [UInt8]) {
            if !fits(chunk + piece) { flush() }
            chunk += piece
        }

        for character in text {
            let piece = Array(character.utf8)
            if fits(piece) {
                add(piece)
            } else {
                // A cluster too long for one word (long combining sequences): split it between scalars.
                for scalar in character.unicodeScalars { add(Array(String(scalar).utf8)) }
            }
        }
        flush()
        return words
    }

    static func word(_ bytes: [UInt8], _ encoding: Encoding) -> String {
        switch encoding {
        case .b:
            return "=?utf-8?b?" + Base64.encode(bytes) + "?="
        case .q:
            var text = "=?utf-8?q?"
            for byte in bytes {
                if byte == 0x20 {
                    text += "_"
                } else if isQSafe(byte) {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    text += "=" + HexDigits.upper(byte)
                }
            }
            return text + "?="
        }
    }
}
