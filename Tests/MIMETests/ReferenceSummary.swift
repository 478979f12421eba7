import MIME

/// The fields the differential test compares, in the shape `reference.py` prints.
struct ReferenceSummary: Codable, Equatable {
    struct Address: Codable, Equatable {
        var name: String?
        var address: String?
        var error: String?
    }

    struct Attachment: Codable, Equatable {
        var filename: String?
        var contentType: String
        var size: Int?
        var sha256: String?

        enum CodingKeys: String, CodingKey {
            case filename
            case contentType = "content_type"
            case size, sha256
        }
    }

    var subject: String?
    var from: [Address]
    var to: [Address]
    var cc: [Address]
    var replyTo: [Address]
    var date: String?
    var messageID: String?
    var inReplyTo: [String]
    var references: [String]
    var text: String?
    var html: String?
    var attachments: [Attachment]

    enum CodingKeys: String, CodingKey {
        case subject, from, to, cc
        case replyTo = "reply_to"
        case date
        case messageID = "message_id"
        case inReplyTo = "in_reply_to"
        case references, text, html, attachments
    }

    init(_ parsed: ParsedMessage) {
        func addresses(_ list: [MailAddress]) -> [Address] { list.map { Address(name: $0.name, address: $0.address) } }
        subject = parsed.header.subject
        from = addresses(parsed.header.from)
        to = addresses(parsed.header.to)
        cc = addresses(parsed.header.cc)
        replyTo = addresses(parsed.header.replyTo)
        date = parsed.header.date?.iso8601
        messageID = parsed.header.messageID
        inReplyTo = parsed.header.inReplyTo
        references = parsed.header.references
        text = parsed.text
        html = parsed.html
        attachments = parsed.attachments.map {
            let isMessage = $0.contentType.hasPrefix("message/")
            return Attachment(
                filename: $0.filename, contentType: $0.contentType, size: isMessage ? nil : $0.size, sha256: isMessage ? nil : $0.sha256
            )
        }
    }

    /// Field name → (ours, reference) for every field that differs, rendered for the failure message.
    func differences(from reference: ReferenceSummary) -> [String: (String, String)] {
        var result: [String: (String, String)] = [:]
        func check<T: Equatable>(_ name: String, _ ours: T, _ theirs: T) {
            if ours != theirs { result[name] = (String(describing: ours), String(describing: theirs)) }
        }
        check("subject", subject, reference.subject)
        check("from", from, reference.from)
        check("to", to, reference.to)
        check("cc", cc, reference.cc)
        check("reply_to", replyTo, reference.replyTo)
        check("date", date, reference.date)
        check("message_id", messageID, reference.messageID)
        check("in_reply_to", inReplyTo, reference.inReplyTo)
        check("references", references, reference.references)
        check("text", text, reference.text)
        check("html", html, reference.html)
        check("attachments", attachments, reference.attachments)
        return result
    }
}
