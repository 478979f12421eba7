/// One header field being written: the name, then words that may each be moved to a continuation line at the
/// blank before them (RFC 5322 §2.2.3 folding). The words never contain CR or LF (their encoders only emit
/// printable ASCII and blanks), so folding is the only way a line ends: the field cannot grow a second one.
struct FoldedField {
    static let preferredWidth = 78

    struct Word {
        /// The blanks before the word (at least one): where a fold may go.
        var blank: String
        var text: String
    }

    let name: String
    private(set) var words: [Word] = []

    init(name: String) {
        self.name = name
    }

    init(name: String, words: [Word]) {
        self.name = name
        self.words = words
    }

    mutating func append(_ text: String, blank: String = " ") {
        words.append(Word(blank: blank.isEmpty ? " " : blank, text: text))
    }

    mutating func append(contentsOf other: [Word]) {
        words.append(contentsOf: other)
    }

    /// The room for the first word on the name's line: encoders shorten that word to fit it.
    static func firstWordRoom(name: String) -> Int {
        max(24, preferredWidth - name.utf8.count - 2)
    }

    /// `Name: words` folded at 78 octets where a blank allows it, CRLF-terminated. A word longer than a line
    /// stands alone on its line (the encoders keep every word under 998 octets). The first word always stays
    /// on the name's line: a value starting with a fold is read with a leading blank by some parsers.
    func render(into out: inout [UInt8]) {
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        var lineLength = name.utf8.count + 1
        for (offset, word) in words.enumerated() {
            let length = word.blank.utf8.count + word.text.utf8.count
            if lineLength + length > Self.preferredWidth, offset > 0, !word.blank.isEmpty {
                out.append(contentsOf: [0x0D, 0x0A])
                lineLength = 0
            }
            out.append(contentsOf: word.blank.utf8)
            out.append(contentsOf: word.text.utf8)
            lineLength += length
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
