/// Checks every field of a draft the request controls, in request order, and stops at the first problem with
/// the JSON pointer of the field. The encoders are safe on their own (nothing they write can end a line); this
/// turns what would be silently encoded into a precise refusal, so a request cannot smuggle a header or a
/// part through a name, an address, a filename or a content type.
enum DraftValidator {
    static func validate(_ draft: MessageDraft) throws(MessageBuildError) -> [CheckedAttachment] {
        try checkMailbox(draft.from, "/from")
        if let sender = draft.sender { try checkMailbox(sender, "/sender") }
        for (index, mailbox) in draft.to.enumerated() { try checkMailbox(mailbox, "/to/\(index)") }
        for (index, mailbox) in draft.cc.enumerated() { try checkMailbox(mailbox, "/cc/\(index)") }
        for (index, mailbox) in draft.replyTo.enumerated() { try checkMailbox(mailbox, "/reply_to/\(index)") }
        if let subject = draft.subject, MailSyntax.containsForbiddenControl(subject) { throw .controlCharacter(field: "/subject") }
        for header in draft.headers {
            let field = "/headers/" + MailSyntax.pointerSegment(header.name)
            if MailSyntax.containsForbiddenControl(header.name) { throw .controlCharacter(field: field) }
            guard MailSyntax.isFieldName(header.name) else { throw .invalidHeaderName(field: field) }
            if MessageBuilder.isStructural(name: header.name) { throw .structuralHeader(field: field) }
            if MailSyntax.containsForbiddenControl(header.value) { throw .controlCharacter(field: field) }
        }
        var attachments: [CheckedAttachment] = []
        var contentIDs: Set<String> = []
        for (index, attachment) in draft.attachments.enumerated() {
            let base = "/attachments/\(index)"
            if MailSyntax.containsForbiddenControl(attachment.filename) { throw .controlCharacter(field: base + "/filename") }
            let filename = attachment.filename.trimmingLWSP()
            guard !filename.isEmpty, filename.utf8.count <= 255 else { throw .invalidFilename(field: base + "/filename") }
            if MailSyntax.containsForbiddenControl(attachment.contentType) { throw .controlCharacter(field: base + "/content_type") }
            guard let contentType = AttachmentContentType(attachment.contentType) else {
                throw .invalidContentType(field: base + "/content_type")
            }
            var contentID: String?
            if let given = attachment.contentID {
                if MailSyntax.containsForbiddenControl(given) { throw .controlCharacter(field: base + "/content_id") }
                var id = Substring(given)
                if id.first == "<", id.last == ">", id.count >= 2 { id = id.dropFirst().dropLast() }
                guard MailSyntax.isContentID(String(id)), contentIDs.insert(String(id)).inserted else {
                    throw .invalidContentID(field: base + "/content_id")
                }
                contentID = String(id)
            }
            attachments.append(CheckedAttachment(filename: filename, contentType: contentType, data: attachment.data, contentID: contentID))
        }
        if MailSyntax.containsForbiddenControl(draft.messageID) || !MailSyntax.isMessageID(draft.messageID) {
            throw .invalidMessageID(field: "/message_id")
        }
        if draft.text == nil && draft.html == nil && attachments.isEmpty { throw .emptyMessage(field: "/text") }
        return attachments
    }

    static func checkMailbox(_ mailbox: MailAddress, _ field: String) throws(MessageBuildError) {
        if let name = mailbox.name, MailSyntax.containsForbiddenControl(name) { throw .controlCharacter(field: field) }
        if MailSyntax.containsForbiddenControl(mailbox.address) { throw .controlCharacter(field: field) }
        switch MailSyntax.checkMailbox(mailbox.address) {
        case .valid: return
        case .invalid: throw .invalidAddress(field: field)
        case .international: throw .internationalAddress(field: field)
        }
    }
}
