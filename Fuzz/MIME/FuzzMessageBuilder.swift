import Foundation

/// The builder under fuzzing: the input, cut at 0xFF bytes (never in UTF-8), fills the request-controlled
/// fields of a draft. Whatever they hold, the draft is refused or built into CRLF lines of at most 998 octets
/// from which the parser reads back the same subject, display name, extra header, text and filename.
func fuzzMessageBuilder(_ bytes: [UInt8]) {
    // Half the inputs keep their control characters (the refusal path), half have them replaced (the build path).
    let sanitize = bytes.first.map { $0 & 1 == 0 } ?? false
    let pieces = bytes.split(separator: 0xFF, maxSplits: 6, omittingEmptySubsequences: false).map { piece in
        String(decoding: sanitize ? piece.map { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F ? UInt8(ascii: "?") : $0 } : Array(piece), as: UTF8.self)
    }
    func field(_ index: Int) -> String { index < pieces.count ? pieces[index] : "" }
    let draft = MessageDraft(
        from: MailAddress(name: field(0), address: "a@example.com"),
        to: [MailAddress(name: field(1), address: field(2).isEmpty ? "b@example.org" : field(2))],
        subject: field(3),
        text: field(4),
        html: field(5).isEmpty ? nil : field(5),
        headers: [DraftHeader(name: "X-Fuzz", value: field(3))],
        attachments: [DraftAttachment(filename: field(6).isEmpty ? "f" : field(6), contentType: "application/octet-stream", data: Array(bytes.prefix(300)))],
        messageID: "fuzz@example.com",
        date: Date(timeIntervalSince1970: 0)
    )
    guard let built = try? MessageBuilder().build(draft) else { return }
    var lineLength = 0
    for (index, byte) in built.enumerated() {
        if byte == 0x0A {
            precondition(index > 0 && built[index - 1] == 0x0D, "bare LF")
            lineLength = 0
        } else {
            if byte == 0x0D { precondition(index + 1 < built.count && built[index + 1] == 0x0A, "bare CR") }
            lineLength += 1
            precondition(lineLength <= 999, "line over 998 octets")
        }
    }
    let parsed = MessageParser(digester: fuzzDigester).parse(built)
    func blanksTrimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
    precondition(parsed.header.subject == blanksTrimmed(field(3)), "subject")
    precondition(parsed.header.fields.filter { $0.name == "X-Fuzz" }.map(\.value) == [blanksTrimmed(field(3))], "extra header")
    precondition(parsed.header.from.first?.name == MailboxEncoder.normalizedName(field(0)), "display name")
    precondition(parsed.header.bcc.isEmpty && parsed.header.to.count == 1, "recipients")
    precondition(parsed.attachments.count == 1 && parsed.attachments[0].content == Array(bytes.prefix(300)), "attachment")
    precondition(parsed.attachments[0].filename == (field(6).isEmpty ? "f" : field(6).trimmingLWSP()), "filename")
    var text = field(4).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
    if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
    precondition(parsed.text == text, "text")
}
