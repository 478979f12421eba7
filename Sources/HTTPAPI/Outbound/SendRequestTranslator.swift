import Foundation
import MIME
import MailgateAPI
import Outbound

/// Turns the generated send request into the outbound domain's submission. What the JSON decoder already
/// checked (types, unknown fields) is not checked again; what it cannot check (a mailbox's syntax, base64,
/// limits on tags and metadata) is, each refusal naming its field as a JSON pointer.
struct SendRequestTranslator {
    var hostname: String
    var now: Date

    static let maximumMetadataEntries = 50
    static let maximumMetadataValueBytes = 1024

    func submission(_ request: Components.Schemas.SendRequest, apiKeyName: String?) throws(APIError) -> OutboundSubmission {
        let from = try mailbox(request.from, field: "/from")
        let to = try mailboxes(request.to, field: "/to")
        let cc = try mailboxes(request.cc, field: "/cc")
        let bcc = try mailboxes(request.bcc, field: "/bcc")
        let replyTo = try mailboxes(request.replyTo, field: "/reply_to")
        var headers: [DraftHeader] = []
        for (name, value) in (request.headers?.additionalProperties ?? [:]).sorted(by: { $0.key < $1.key }) {
            headers.append(DraftHeader(name: name, value: value))
        }
        var attachments: [DraftAttachment] = []
        for (index, attachment) in (request.attachments ?? []).enumerated() {
            guard let data = Data(base64Encoded: attachment.contentBase64) else {
                throw APIError.unprocessable("/attachments/\(index)/content_base64", "is not valid base64 (RFC 4648, with padding)")
            }
            attachments.append(
                DraftAttachment(
                    filename: attachment.filename, contentType: attachment.contentType ?? "application/octet-stream",
                    data: Array(data), contentID: attachment.contentId))
        }
        if request.text == nil && request.html == nil {
            throw APIError.unprocessable("/text", "give text, html or both")
        }
        let metadata = request.metadata?.additionalProperties ?? [:]
        if metadata.count > Self.maximumMetadataEntries {
            throw APIError.unprocessable("/metadata", "at most \(Self.maximumMetadataEntries) entries")
        }
        for (key, value) in metadata where value.utf8.count > Self.maximumMetadataValueBytes {
            throw APIError.unprocessable("/metadata/\(key)", "at most \(Self.maximumMetadataValueBytes) bytes per value")
        }
        let draft = MessageDraft(
            from: from, to: to, cc: cc, replyTo: replyTo, subject: request.subject, text: request.text,
            html: request.html, headers: headers, attachments: attachments,
            messageID: MessageBuilder.makeMessageID(hostname: hostname), date: now)
        return OutboundSubmission(
            draft: draft, bcc: bcc, envelopeMailFrom: request.envelope?.mailFrom,
            envelopeRecipients: request.envelope?.rcptTo, tags: request.tags ?? [], metadata: metadata,
            sendAt: request.sendAt, apiKeyName: apiKeyName)
    }

    private func mailboxes(_ inputs: [Components.Schemas.AddressInput]?, field: String) throws(APIError) -> [MailAddress] {
        var result: [MailAddress] = []
        for (index, input) in (inputs ?? []).enumerated() {
            result.append(try mailbox(input, field: "\(field)/\(index)"))
        }
        return result
    }

    private func mailbox(_ input: Components.Schemas.AddressInput, field: String) throws(APIError) -> MailAddress {
        switch input {
        case .case1(let text):
            // A display name with a line break could only be an injection attempt; refuse it rather than let
            // the lenient header grammar read it as a group or a comment.
            guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw APIError.unprocessable(field, "contains a control character (CR, LF, NUL…)")
            }
            guard let address = MailAddress(parsingMailbox: text) else {
                throw APIError.unprocessable(field, "\"\(text)\" is not one mailbox (\"Name <local@domain>\" or \"local@domain\")")
            }
            return address
        case .Mailbox(let mailbox):
            return MailAddress(name: mailbox.name, address: mailbox.address)
        }
    }
}
