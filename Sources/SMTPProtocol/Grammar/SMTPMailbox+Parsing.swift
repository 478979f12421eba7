extension SMTPMailbox {
    /// Parses a bare RFC 5321 `Mailbox` (no angle brackets), as an API caller gives one; nil unless the whole
    /// text is one mailbox. The same grammar as `MAIL FROM` and `RCPT TO`, so an address the API takes is one
    /// the relay can send.
    public init?(parsing text: String) {
        var cursor = GrammarCursor(Array(text.utf8))
        guard let mailbox = SMTPPathGrammar.mailbox(&cursor), cursor.isAtEnd else { return nil }
        self = mailbox
    }
}
