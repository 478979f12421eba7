import Foundation

/// Writes a `MessageDraft` as the RFC 5322/MIME bytes that are stored and relayed unchanged: CRLF line endings,
/// no line over 998 octets, header fields folded at 78 where a blank allows, non-ASCII header text as RFC 2047
/// encoded words, filenames as RFC 2231 parameters, bodies 7bit, quoted-printable or base64, and multiparts
/// only as deep as the content needs:
///
///     multipart/mixed                      when there are attachments (or inline parts but no HTML)
///       multipart/related                  when the HTML has inline parts (attachments with a content id)
///         multipart/alternative            when there are both text and HTML
///           text/plain, text/html
///         inline parts
///       attachments
///
/// Pure: the date and the Message-ID come with the draft; only the boundaries are random.
public struct MessageBuilder: Sendable {
    public init() {}

    /// Fields the builder writes itself, lowercased; content-* is a prefix rule, see `isStructural(name:)`.
    public static let structuralHeaderNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "received", "dkim-signature",
        "sender", "reply-to",
    ]

    public static func isStructural(name: String) -> Bool {
        let lowered = name.lowercased()
        return structuralHeaderNames.contains(lowered) || lowered.hasPrefix("content-")
    }

    /// A new msg-id (without angle brackets) for `hostname`: the time in milliseconds and 128 random bits in
    /// base 36, so it is unique without coordination between replicas. A host name that is not a dot-atom
    /// (empty, blanks, brackets) is replaced by `localhost.localdomain` rather than producing an invalid id.
    public static func makeMessageID(hostname: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, (Date().timeIntervalSince1970 * 1000).rounded(.down)))
        let left = String(millis, radix: 36) + "." + String(generator.next(), radix: 36) + String(generator.next(), radix: 36)
        let host = hostname.lowercased()
        return left + "@" + (MailSyntax.isDotAtom(Substring(host)) ? host : "localhost.localdomain")
    }

    public func build(_ draft: MessageDraft) throws(MessageBuildError) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return try build(draft, using: &generator)
    }

    /// With the boundaries drawn from `generator` (seeded in tests for reproducible bytes).
    func build<G: RandomNumberGenerator>(_ draft: MessageDraft, using generator: inout G) throws(MessageBuildError) -> [UInt8] {
        let attachments = try DraftValidator.validate(draft)

        var fields: [FoldedField] = []
        func field(_ name: String, _ words: [FoldedField.Word]) {
            fields.append(FoldedField(name: name, words: words))
        }
        field("Date", [FoldedField.Word(blank: " ", text: RFC5322DateFormatter.format(draft.date))])
        field("From", MailboxEncoder.words(draft.from))
        if let sender = draft.sender { field("Sender", MailboxEncoder.words(sender)) }
        if !draft.replyTo.isEmpty { field("Reply-To", MailboxEncoder.list(draft.replyTo)) }
        if !draft.to.isEmpty { field("To", MailboxEncoder.list(draft.to)) }
        if !draft.cc.isEmpty { field("Cc", MailboxEncoder.list(draft.cc)) }
        if let subject = draft.subject {
            // The subject encoder encodes what cannot fold, so it always succeeds.
            field("Subject", UnstructuredTextEncoder.subject.encode(subject, firstWordRoom: FoldedField.firstWordRoom(name: "Subject")) ?? [])
        }
        field("Message-ID", [FoldedField.Word(blank: " ", text: "<" + draft.messageID + ">")])
        for header in draft.headers {
            let room = FoldedField.firstWordRoom(name: header.name)
            guard let words = UnstructuredTextEncoder.extraHeader.encode(header.value, firstWordRoom: room) else {
                throw .headerTooLong(field: "/headers/" + MailSyntax.pointerSegment(header.name))
            }
            field(header.name, words)
        }
        field("MIME-Version", [FoldedField.Word(blank: " ", text: "1.0")])

        let content = Self.content(draft, attachments, using: &generator)
        var out: [UInt8] = []
        out.reserveCapacity(content.body.count + 2048)
        for field in fields { field.render(into: &out) }
        content.render(into: &out)
        // SMTP carries lines: a message that does not end with a line break would get one added in transit,
        // changing the bytes (and a DKIM body hash) after they were stored.
        if out.last != 0x0A { out.append(contentsOf: [0x0D, 0x0A]) }
        return out
    }

    static func content<G: RandomNumberGenerator>(_ draft: MessageDraft, _ attachments: [CheckedAttachment], using generator: inout G) -> MIMEEntity {
        var bodies: [MIMEEntity] = []
        if let text = draft.text { bodies.append(textPart(text, subtype: "plain")) }
        if let html = draft.html { bodies.append(textPart(html, subtype: "html")) }
        var core: MIMEEntity? = bodies.count == 2 ? .multipart("alternative", bodies, using: &generator) : bodies.first

        let inline = attachments.filter { $0.contentID != nil }
        let regular = attachments.filter { $0.contentID == nil }
        var mixed = regular
        if draft.html != nil, !inline.isEmpty, let root = core {
            core = .multipart("related", [root] + inline.map(attachmentPart), using: &generator)
        } else {
            mixed = attachments
        }
        guard !mixed.isEmpty else {
            // The validator refuses a draft with no body and no attachment.
            return core ?? textPart("", subtype: "plain")
        }
        let parts = (core.map { [$0] } ?? []) + mixed.map(attachmentPart)
        return .multipart("mixed", parts, using: &generator)
    }

    static func textPart(_ text: String, subtype: String) -> MIMEEntity {
        .leaf(
            contentType: [FoldedField.Word(blank: " ", text: "text/" + subtype + ";"), FoldedField.Word(blank: " ", text: "charset=utf-8")],
            body: .text(text)
        )
    }

    static func attachmentPart(_ attachment: CheckedAttachment) -> MIMEEntity {
        var contentType = attachment.contentType.words
        contentType[contentType.count - 1].text += ";"
        contentType += FilenameParameter.nameWords(attachment.filename)

        var disposition = FoldedField(name: "Content-Disposition")
        disposition.append(attachment.contentID == nil ? "attachment;" : "inline;")
        disposition.append(contentsOf: FilenameParameter.dispositionWords(attachment.filename))
        var extra = [disposition]
        if let id = attachment.contentID {
            var field = FoldedField(name: "Content-ID")
            field.append("<" + id + ">")
            extra.append(field)
        }
        return .leaf(contentType: contentType, body: .binary(attachment.data), extra: extra)
    }
}
