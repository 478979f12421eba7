/// Unstructured header text (RFC 5322 §3.2.5: the subject, extra header values) as foldable words. Words of
/// printable ASCII are written as they are; a run of words that are not (non-ASCII, too long for a line, or
/// that a decoder could take for an encoded word) becomes encoded words holding the run with its inner blanks,
/// so decoding gives back the text exactly. Blanks between plain words stay where they are and are where
/// the field folds.
struct UnstructuredTextEncoder {
    /// The longest plain word: longer ones are encoded (the subject) or refused (`nil` from `encode`).
    var maxPlainWord: Int
    /// Whether a plain word longer than `maxPlainWord` is encoded (true) or makes the text unwritable.
    var encodesLongWords: Bool

    /// The subject: everything that cannot fold at 78 is encoded.
    static let subject = UnstructuredTextEncoder(maxPlainWord: 76, encodesLongWords: true)
    /// Extra header values may be structured (List-Unsubscribe, References): a long ASCII word is left as it
    /// is up to what a line holds, and refused beyond, since encoding it would change what it means.
    static let extraHeader = UnstructuredTextEncoder(maxPlainWord: 900, encodesLongWords: false)

    /// Blanks around the text are dropped (parsers drop them too). Nil when a word cannot be written.
    /// `firstWordRoom` is what is left of the field's first line for an encoded first word.
    func encode(_ text: String, firstWordRoom: Int = EncodedWordEncoder.maxWordLength) -> [FoldedField.Word]? {
        var words: [Substring] = []
        var blanks: [Substring] = []
        var index = text.startIndex
        var pendingBlank = text.startIndex
        while index < text.endIndex {
            if text[index] == " " || text[index] == "\t" {
                index = text.index(after: index)
                continue
            }
            let start = index
            while index < text.endIndex, text[index] != " ", text[index] != "\t" { index = text.index(after: index) }
            blanks.append(text[pendingBlank..<start])
            words.append(text[start..<index])
            pendingBlank = index
        }

        var result: [FoldedField.Word] = []
        var position = 0
        while position < words.count {
            let blank = position == 0 ? " " : String(blanks[position])
            let word = words[position]
            let plain = isPlain(word)
            if plain == .plain {
                result.append(FoldedField.Word(blank: blank, text: String(word)))
                position += 1
                continue
            }
            if plain == .tooLong && !encodesLongWords { return nil }
            var run = String(word)
            position += 1
            while position < words.count, isPlain(words[position]) != .plain {
                if isPlain(words[position]) == .tooLong && !encodesLongWords { return nil }
                run += blanks[position] + words[position]
                position += 1
            }
            let firstWordLength = result.isEmpty ? firstWordRoom : nil
            for (offset, encoded) in EncodedWordEncoder.encode(run, firstWordLength: firstWordLength).enumerated() {
                result.append(FoldedField.Word(blank: offset == 0 ? blank : " ", text: encoded))
            }
        }
        return result
    }

    enum WordKind {
        case plain
        case needsEncoding
        case tooLong
    }

    func isPlain(_ word: Substring) -> WordKind {
        let utf8 = word.utf8
        guard utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return .needsEncoding }
        // Decoders (ours and many clients) find encoded words anywhere in a word, not only between blanks.
        if word.contains("=?") { return .needsEncoding }
        return utf8.count > maxPlainWord ? .tooLong : .plain
    }
}
