/// The filename of an attachment as header parameters: `filename` in Content-Disposition and the `name`
/// fallback in Content-Type that older clients read.
///
/// A plain name (printable ASCII without quotes, backslashes or `=?`, short enough for one line) is written as a
/// quoted string in both. Any other name is written with RFC 2231: `filename*=utf-8''…` percent-encoded, split
/// into `filename*0*=`, `filename*1*=`… continuations when long (between characters, never inside a UTF-8
/// sequence or a `%XX`), and `name=` carries RFC 2047 encoded words, the de-facto convention (Outlook,
/// Thunderbird) since RFC 2047 §5 does not cover parameters.
enum FilenameParameter {
    /// The longest percent-encoded value in one continuation section, so that the blank, `filename*0*=utf-8''`,
    /// the value and its `;` fit a 78-octet line.
    static let maxSection = 54

    static func isPlain(_ filename: String) -> Bool {
        filename.utf8.count <= 60 && !filename.contains("=?")
            && filename.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Words for Content-Disposition, after `attachment;` or `inline;`.
    static func dispositionWords(_ filename: String) -> [FoldedField.Word] {
        if isPlain(filename) { return [FoldedField.Word(blank: " ", text: "filename=\"" + filename + "\"")] }
        let sections = percentEncodedSections(filename)
        if sections.count == 1 {
            return [FoldedField.Word(blank: " ", text: "filename*=utf-8''" + sections[0])]
        }
        return sections.enumerated().map { offset, section in
            let value = offset == 0 ? "utf-8''" + section : section
            let separator = offset == sections.count - 1 ? "" : ";"
            return FoldedField.Word(blank: " ", text: "filename*\(offset)*=" + value + separator)
        }
    }

    /// Words for Content-Type, after the media type and its parameters.
    static func nameWords(_ filename: String) -> [FoldedField.Word] {
        if isPlain(filename) { return [FoldedField.Word(blank: " ", text: "name=\"" + filename + "\"")] }
        // Shorter words than RFC 2047 allows, so that ` name="` and the first word fit a 78-octet line.
        let encoded = EncodedWordEncoder.encode(filename, maxWordLength: 68)
        return encoded.enumerated().map { offset, word in
            var text = offset == 0 ? "name=\"" + word : word
            if offset == encoded.count - 1 { text += "\"" }
            return FoldedField.Word(blank: " ", text: text)
        }
    }

    /// RFC 2231 `attr-char`: token characters except `*`, `'` and `%`.
    static func isAttributeCharacter(_ byte: UInt8) -> Bool {
        MailSyntax.isTokenCharacter(byte) && byte != UInt8(ascii: "*") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: "%")
    }

    /// The percent-encoded UTF-8 of the name, cut into sections of at most `maxSection` octets at character
    /// boundaries (grapheme clusters where one fits, else scalars).
    static func percentEncodedSections(_ filename: String) -> [String] {
        var sections: [String] = []
        var current = ""
        func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
            var text = ""
            for byte in bytes {
                if isAttributeCharacter(byte) {
                    text.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    text += "%" + HexDigits.upper(byte)
                }
            }
            return text
        }
        func add(_ piece: String) {
            if current.utf8.count + piece.utf8.count > maxSection, !current.isEmpty {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        for character in filename {
            let piece = encode(character.utf8)
            if piece.utf8.count <= maxSection {
                add(piece)
            } else {
                for scalar in character.unicodeScalars { add(encode(String(scalar).utf8)) }
            }
        }
        if !current.isEmpty || sections.isEmpty { sections.append(current) }
        return sections
    }
}
