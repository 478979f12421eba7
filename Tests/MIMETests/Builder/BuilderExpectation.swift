import Foundation
@testable import MIME

/// What a reader of a built message must find, derived from the draft by the builder's documented rules
/// (display names with blanks collapsed, header text trimmed, text with CRLF line ends and a final one,
/// filenames trimmed, inline parts first when the HTML has them). Encoded as `builder_reference.py` reads it.
struct BuilderExpectation: Codable {
    struct Address: Codable, Equatable {
        var name: String?
        var address: String
    }

    struct Attachment: Codable, Equatable {
        var filename: String
        var contentType: String
        var sha256: String
        var contentID: String?

        enum CodingKeys: String, CodingKey {
            case filename
            case contentType = "content_type"
            case sha256
            case contentID = "content_id"
        }
    }

    struct Header: Codable, Equatable {
        var name: String
        var value: String
    }

    var from: [Address]
    var sender: Address?
    var to: [Address]
    var cc: [Address]
    var replyTo: [Address]
    var subject: String?
    var date: String
    var messageID: String
    var text: String?
    var html: String?
    var attachments: [Attachment]
    var headers: [Header]
    var headerNames: [String]

    enum CodingKeys: String, CodingKey {
        case from, sender, to, cc, subject, date, text, html, attachments, headers
        case replyTo = "reply_to"
        case messageID = "message_id"
        case headerNames = "header_names"
    }

    init(_ draft: MessageDraft) {
        func address(_ mailbox: MailAddress) -> Address {
            let name = mailbox.name?.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            return Address(name: name?.isEmpty == false ? name : nil, address: mailbox.address)
        }
        func blanksTrimmed(_ text: String) -> String {
            String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        func displayed(_ text: String?) -> String? {
            guard let text else { return nil }
            var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            if !lines.isEmpty, !lines.hasSuffix("\n") { lines += "\n" }
            return lines
        }
        from = [address(draft.from)]
        sender = draft.sender.map(address)
        to = draft.to.map(address)
        cc = draft.cc.map(address)
        replyTo = draft.replyTo.map(address)
        subject = draft.subject.map(blanksTrimmed)
        date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: draft.date.timeIntervalSince1970.rounded(.down)))
        messageID = draft.messageID
        text = displayed(draft.text)
        html = displayed(draft.html)
        let inlineFirst = draft.html != nil && draft.attachments.contains { $0.contentID != nil }
        let ordered = inlineFirst
            ? draft.attachments.filter { $0.contentID != nil } + draft.attachments.filter { $0.contentID == nil }
            : draft.attachments
        attachments = ordered.map {
            Attachment(
                filename: $0.filename.trimmingCharacters(in: CharacterSet(charactersIn: " \t")),
                contentType: String($0.contentType.prefix { $0 != ";" }).lowercased(),
                sha256: ContentDigester.openSSL.sha256Hex(bytes: $0.data),
                contentID: $0.contentID
            )
        }
        headers = draft.headers.map { Header(name: $0.name, value: blanksTrimmed($0.value)) }
        var names = ["date", "from", "message-id", "mime-version", "content-type"]
        if draft.sender != nil { names.append("sender") }
        if !draft.to.isEmpty { names.append("to") }
        if !draft.cc.isEmpty { names.append("cc") }
        if !draft.replyTo.isEmpty { names.append("reply-to") }
        if draft.subject != nil { names.append("subject") }
        let singlePart = draft.attachments.isEmpty && (draft.text == nil || draft.html == nil)
        if singlePart { names.append("content-transfer-encoding") }
        headerNames = (names + draft.headers.map { $0.name.lowercased() }).sorted()
    }
}
