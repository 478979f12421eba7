import Foundation

/// Reads an RFC 3464 report (`multipart/report; report-type=delivery-status`) received from another MTA: its
/// `message/delivery-status` fields (RFC 3464 §2.2, §2.3) and the returned original's `Message-ID`. Pure; a
/// message that is not such a report gives `nil`.
public enum DeliveryStatusReportParser {
    /// Whether a `Content-Type` value announces a delivery status report, so the MX can tell one from the header
    /// alone before reading the body back.
    public static func isReport(contentType: String) -> Bool {
        let value = ParameterParser.parse(contentType)
        return value.value.lowercased() == "multipart/report"
            && value[parameter: "report-type"]?.lowercased() == "delivery-status"
    }

    /// Parts whose media type carries the status fields (RFC 6533 adds the UTF-8 form).
    static let statusTypes: Set<String> = ["message/delivery-status", "message/global-delivery-status"]
    /// Parts that return the original message or its header.
    static let returnedTypes: Set<String> = ["text/rfc822-headers", "message/rfc822", "message/global", "message/global-headers"]

    public static func parse(_ bytes: [UInt8]) -> ParsedDeliveryStatusReport? {
        // Digests are not needed here: no attachment is kept.
        let parsed = MessageParser(digester: ContentDigester { _ in "" }).parse(bytes)
        guard let report = parsed.parts.firstIndex(where: {
            $0.mediaType == "multipart/report" && $0.contentType[parameter: "report-type"]?.lowercased() == "delivery-status"
        }) else { return nil }
        let children = parsed.parts[report].children.map { parsed.parts[$0] }
        guard let status = children.first(where: { statusTypes.contains($0.mediaType) }) else { return nil }
        var result = fields(decoded(status, in: bytes))
        if let returned = children.first(where: { returnedTypes.contains($0.mediaType) }) {
            // A header alone may lack the empty line that ends a header block.
            let header = decoded(returned, in: bytes) + Array("\r\n\r\n".utf8)
            result.originalMessageID = MessageParser(digester: ContentDigester { _ in "" }).parse(header).header.messageID
        }
        return result
    }

    static func decoded(_ part: MIMEPart, in bytes: [UInt8]) -> [UInt8] {
        let body = bytes[part.bodyRange]
        return body.withUnsafeBufferPointer { TransferDecoder.decode($0, encoding: part.transferEncoding) }
    }

    /// The per-message block, then one block per recipient, separated by empty lines.
    static func fields(_ body: [UInt8]) -> ParsedDeliveryStatusReport {
        var blocks: [[String: String]] = [[:]]
        var lastName: String?
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !(blocks.last?.isEmpty ?? true) { blocks.append([:]) }
                lastName = nil
            } else if line.first == " " || line.first == "\t", let name = lastName {
                blocks[blocks.count - 1][name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                // The first occurrence counts, as for a header.
                if blocks[blocks.count - 1][name] == nil {
                    blocks[blocks.count - 1][name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                lastName = name
            }
        }
        if blocks.last?.isEmpty == true { blocks.removeLast() }
        let message = blocks.first ?? [:]
        var failed: [DeliveryStatusRecipient] = []
        for block in blocks.dropFirst() where block["action"]?.lowercased() == "failed" {
            guard let recipient = typed(block["final-recipient"] ?? block["original-recipient"]) else { continue }
            failed.append(DeliveryStatusRecipient(
                finalRecipient: unbracketed(recipient), status: block["status"].map(firstWord) ?? "5.0.0",
                remoteMTA: typed(block["remote-mta"]), diagnostic: typed(block["diagnostic-code"]) ?? "no diagnostic given"))
        }
        return ParsedDeliveryStatusReport(
            envelopeID: message["original-envelope-id"], reportingMTA: typed(message["reporting-mta"]),
            originalMessageID: nil, failed: failed)
    }

    /// `type; value` (RFC 3464 §2.1.2: `rfc822;`, `dns;`, `smtp;`) → `value`; a value without a type is kept.
    static func typed(_ field: String?) -> String? {
        guard let field else { return nil }
        guard let semicolon = field.firstIndex(of: ";") else { return field }
        let value = field[field.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    static func unbracketed(_ address: String) -> String {
        address.hasPrefix("<") && address.hasSuffix(">") ? String(address.dropFirst().dropLast()) : address
    }

    /// `Status: 5.1.1 (comment)` → `5.1.1`.
    static func firstWord(_ value: String) -> String {
        String(value.prefix { !$0.isWhitespace && $0 != "(" })
    }
}
