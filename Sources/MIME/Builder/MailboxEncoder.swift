/// A mailbox (`Name <local@domain>`) as foldable header words. The display name is normalised the way mail
/// clients show it (blanks collapsed to one space, trimmed; empty means none) and written as atoms when it is
/// plain words, as a quoted string when it holds specials, and as encoded words when it holds anything beyond
/// printable ASCII or something a decoder would take for an encoded word. The address was checked beforehand
/// (`MailSyntax.checkMailbox`): it is printable ASCII without blanks.
enum MailboxEncoder {
    static func words(_ mailbox: MailAddress) -> [FoldedField.Word] {
        guard let name = normalizedName(mailbox.name) else {
            return [FoldedField.Word(blank: " ", text: mailbox.address)]
        }
        return phrase(name) + [FoldedField.Word(blank: " ", text: "<" + mailbox.address + ">")]
    }

    /// Blanks collapsed and trimmed; nil when nothing is left.
    static func normalizedName(_ name: String?) -> String? {
        guard let name else { return nil }
        let collapsed = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    static func phrase(_ name: String) -> [FoldedField.Word] {
        let atoms = name.split(separator: " ")
        let needsEncoding = name.contains("=?") || atoms.contains { atom in
            atom.utf8.count > 70 || !atom.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        }
        if needsEncoding {
            // The first word fits the line of the longest address field name (`Reply-To: `).
            return EncodedWordEncoder.encode(name, firstWordLength: FoldedField.firstWordRoom(name: "Reply-To"))
                .map { FoldedField.Word(blank: " ", text: $0) }
        }
        if atoms.allSatisfy({ $0.utf8.allSatisfy(MailSyntax.isAtext) }) {
            return atoms.map { FoldedField.Word(blank: " ", text: String($0)) }
        }
        // A quoted string may fold at its inner blanks (RFC 5322 §3.2.4 allows FWS there): one word per atom.
        var words: [FoldedField.Word] = []
        for (offset, atom) in atoms.enumerated() {
            var text = offset == 0 ? "\"" : ""
            for scalar in atom.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { text += "\\" }
                text.unicodeScalars.append(scalar)
            }
            if offset == atoms.count - 1 { text += "\"" }
            words.append(FoldedField.Word(blank: " ", text: text))
        }
        return words
    }

    /// An address list, comma-separated, folding between mailboxes and inside display names.
    static func list(_ mailboxes: [MailAddress]) -> [FoldedField.Word] {
        var words: [FoldedField.Word] = []
        for (offset, mailbox) in mailboxes.enumerated() {
            if offset > 0 { words[words.count - 1].text += "," }
            words += Self.words(mailbox)
        }
        return words
    }
}
