import Foundation

/// Writes a `DeliveryStatusReport` as an RFC 3464 message: `multipart/report; report-type=delivery-status` with a
/// human-readable text part, the `message/delivery-status` part and the original header (`text/rfc822-headers`)
/// or, for `RET=FULL`, the original message (`message/rfc822`). Pure; the boundary comes from `generator`.
public struct DeliveryStatusReportBuilder: Sendable {
    public init() {}

    public func build(_ report: DeliveryStatusReport) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return build(report, using: &generator)
    }

    func build<G: RandomNumberGenerator>(_ report: DeliveryStatusReport, using generator: inout G) -> [UInt8] {
        let postmaster = "postmaster@" + report.reportingMTA
        var fields: [FoldedField] = []
        func field(_ name: String, _ text: String) {
            var field = FoldedField(name: name)
            field.append(text)
            fields.append(field)
        }
        field("Date", RFC5322DateFormatter.format(report.date))
        field("From", "Mail Delivery System <" + postmaster + ">")
        field("To", "<" + report.originalSender + ">")
        field("Subject", "Undelivered Mail Returned to Sender")
        field("Message-ID", "<" + report.messageID + ">")
        // RFC 3834: a DSN is an automatic reply; responders must not answer it.
        field("Auto-Submitted", "auto-replied")
        field("MIME-Version", "1.0")

        let parts = [Self.humanReadable(report), Self.statusPart(report), Self.returnedPart(report)]
        let content = MIMEEntity.multipart(
            "report", parts, parameters: ["report-type=delivery-status"], using: &generator)
        var out: [UInt8] = []
        for field in fields { field.render(into: &out) }
        content.render(into: &out)
        return out
    }

    static func humanReadable(_ report: DeliveryStatusReport) -> MIMEEntity {
        var text = "This is the mail system at host \(report.reportingMTA).\n\n"
        text += "Your message could not be delivered to one or more recipients. "
        text += "The mail system's replies are below.\n\n"
        for recipient in report.recipients {
            text += "<\(recipient.finalRecipient)>: \(recipient.diagnostic)\n"
        }
        return MessageBuilder.textPart(text, subtype: "plain")
    }

    static func statusPart(_ report: DeliveryStatusReport) -> MIMEEntity {
        var lines: [String] = []
        if let envelopeID = report.envelopeID { lines.append("Original-Envelope-Id: " + ascii(envelopeID)) }
        lines.append("Reporting-MTA: dns; " + ascii(report.reportingMTA))
        lines.append("Arrival-Date: " + RFC5322DateFormatter.format(report.arrivalDate))
        for recipient in report.recipients {
            lines.append("")
            lines.append("Final-Recipient: rfc822; " + ascii(recipient.finalRecipient))
            lines.append("Action: failed")
            lines.append("Status: " + ascii(recipient.status))
            if let remote = recipient.remoteMTA {
                // `host:port`: the port is not part of a dns name.
                let host = remote.split(separator: ":").dropLast().joined(separator: ":")
                lines.append("Remote-MTA: dns; " + ascii(host.isEmpty ? remote : host))
            }
            lines.append("Diagnostic-Code: smtp; " + ascii(recipient.diagnostic))
        }
        let body = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
        return MIMEEntity(
            fields: [FoldedField(name: "Content-Type", words: [FoldedField.Word(blank: " ", text: "message/delivery-status")])],
            body: body)
    }

    /// `message/rfc822` may only be 7bit, 8bit or binary (RFC 2046 §5.2.1): an original that is not 7bit-safe
    /// goes back as its header only, encoded like any text, rather than as a message the DSN cannot carry.
    static func returnedPart(_ report: DeliveryStatusReport) -> MIMEEntity {
        if report.returnContent == .full, EncodedBody.isSevenBitSafe(report.originalMessage) {
            return MIMEEntity(
                fields: [FoldedField(name: "Content-Type", words: [FoldedField.Word(blank: " ", text: "message/rfc822")])],
                body: report.originalMessage)
        }
        let header = headerBlock(report.originalMessage)
        let body = EncodedBody.isSevenBitSafe(header) ? EncodedBody(encoding: .sevenBit, bytes: header) : EncodedBody.binary(header)
        return .leaf(contentType: [FoldedField.Word(blank: " ", text: "text/rfc822-headers")], body: body)
    }

    /// The message's header fields, without the blank line that ends them.
    static func headerBlock(_ message: [UInt8]) -> [UInt8] {
        var index = 0
        while index < message.count {
            guard let newline = message[index...].firstIndex(of: 0x0A) else { return message }
            let line = message[index..<newline]
            if line.isEmpty || line == [0x0D] { return Array(message[..<index]) }
            index = newline + 1
        }
        return message
    }

    /// Status fields are 7-bit text (RFC 3464 §2.1.2): anything else, an upstream's 8-bit reply included,
    /// becomes `?` rather than an invalid part.
    static func ascii(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }))
    }
}
