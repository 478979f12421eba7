import Foundation
import MIME

extension OutboundPreparer {
    /// Checks a message sent as is and makes the bytes to store: the message unchanged but for our `Received:`
    /// field in front, the `Bcc:` fields taken out, and a `Date:` and a `Message-ID:` added when it has none.
    ///
    /// `Bcc:` goes whatever the envelope's source: RFC 5322 section 3.6.3 lets the submitter either remove it or
    /// send the blind recipients a separate copy, and a relay that sends one copy to every recipient can only do
    /// the first (a `Bcc:` line in the relayed copy would show the blind recipients to all of them). So do
    /// `sendmail -t` and Python's `smtplib.send_message`. `Date:` is required (RFC 5322 section 3.6) and the
    /// `Message-ID:` is the receivers' and the receipt's one id of the message; a submission agent adds both
    /// when they are missing (RFC 6409 section 8). Nothing is stored.
    public func prepare(_ raw: RawSubmission, now: Date) throws(OutboundRefusal) -> PreparedMessage {
        let message = raw.message
        let recipients: [String]
        if let override = raw.envelopeRecipients {
            recipients = try checkedRecipients(
                override.map { ($0, "rcpt_to") }, noneField: "rcpt_to", noneMessage: "rcpt_to names no recipient")
        } else {
            recipients = try checkedRecipients(
                message.headerRecipients, noneField: "To", noneMessage: "no recipient: give rcpt_to, or To, Cc or Bcc in the header")
        }
        let mailFrom: String
        if let override = raw.envelopeMailFrom {
            mailFrom = try Self.checkedSender(override, field: "mail_from", nullAllowed: true)
        } else {
            mailFrom = try Self.checkedSender(message.fromAddress, field: "From", nullAllowed: false)
        }
        let hasMessageID = message.fields.contains { $0.name == "message-id" }
        if hasMessageID && message.header.messageID == nil {
            throw OutboundRefusal(.unprocessable, field: "Message-ID", "the Message-ID field holds no msg-id (RFC 5322 section 3.6.4)")
        }
        let messageID = message.header.messageID ?? MessageBuilder.makeMessageID(hostname: raw.hostname)
        var bytes = Array(Self.receivedField(by: raw.hostname, messageID: messageID, now: now).utf8)
        bytes.reserveCapacity(message.bytes.count + bytes.count + 128)
        for field in message.fields where field.name != "bcc" {
            bytes += message.bytes[field.range]
        }
        if !message.fields.contains(where: { $0.name == "date" }) {
            bytes += Array("Date: \(RFC5322DateFormatter.format(now))\r\n".utf8)
        }
        if !hasMessageID {
            bytes += Array("Message-ID: <\(messageID)>\r\n".utf8)
        }
        bytes += message.bytes[message.headerEnd...]
        try checkSize(bytes, "the message")
        return PreparedMessage(bytes: bytes, mailFrom: mailFrom, recipients: recipients, sendAt: nil, messageID: messageID)
    }

    /// Our trace field (RFC 5321 section 4.4), as the SMTP listeners write theirs; `with HTTP` because the message
    /// came over the API, not over SMTP. The caller's address is left out: the API key's name is on the record.
    static func receivedField(by hostname: String, messageID: String, now: Date) -> String {
        "Received: by \(hostname) (Mailgate) with HTTP\r\n\tid <\(messageID)>; \(RFC5322DateFormatter.format(now))\r\n"
    }
}
