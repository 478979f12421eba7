import Digests
import Foundation
import HTTPClient
import MIME
import MailModel

/// Renders a stored message into a webhook body in the target's format. Pure: the same message, target
/// and delivery id give the same bytes, so every retry carries the same body (the signature over it
/// changes with each attempt's timestamp).
public struct WebhookBodyRenderer: Sendable {
    public var limits: MIMELimits

    public init(limits: MIMELimits = .default) {
        self.limits = limits
    }

    /// SHA-256 through OpenSSL, the digest the inbound JSON's `sha256` fields carry.
    public static let digester = ContentDigester { SHA256Hasher.hex($0) }

    public func render(_ source: InboundMessageSource, for target: WebhookTarget, deliveryID: String) throws -> WebhookBody {
        switch target.format {
        case .json:
            let document = try json(source, includeRaw: target.includeRaw, inlineAttachmentLimit: target.inlineAttachmentLimit)
            return WebhookBody(contentType: "application/json", bytes: document)
        case .multipart:
            return try multipart(source, deliveryID: deliveryID)
        case .raw:
            return WebhookBody(
                contentType: "message/rfc822", bytes: source.bytes,
                headers: [
                    HTTPHeader("mailgate-message-id", source.id),
                    HTTPHeader("mailgate-mail-from", source.envelope.mailFrom),
                    HTTPHeader("mailgate-rcpt-to", source.envelope.rcptTo.joined(separator: ", ")),
                ])
        }
    }

    /// The inbound JSON document: what the `json` format posts and what the inbound API returns.
    public func json(_ source: InboundMessageSource, includeRaw: Bool = false, inlineAttachmentLimit: Int = .max) throws -> [UInt8] {
        let parsed = MessageParser(limits: limits, digester: Self.digester).parse(source.bytes)
        return try encode(document(parsed, source, includeRaw: includeRaw, inlineAttachmentLimit: inlineAttachmentLimit))
    }

    private func document(_ parsed: ParsedMessage, _ source: InboundMessageSource, includeRaw: Bool, inlineAttachmentLimit: Int) -> InboundMessage {
        InboundMessage(
            parsed, rawMessage: source.bytes,
            options: InboundRenderOptions(inlineAttachmentLimit: inlineAttachmentLimit, includeRaw: includeRaw),
            id: source.id, receivedAt: source.receivedAt.formatted(.iso8601), envelope: source.envelope)
    }

    private func encode(_ message: InboundMessage) throws -> [UInt8] {
        Array(try InboundJSONEncoder().encode(message))
    }

    /// Fields `id`, `envelope` and `message` (JSON; attachments described without content), the usual
    /// text fields, and a file `attachment-N` per attachment.
    private func multipart(_ source: InboundMessageSource, deliveryID: String) throws -> WebhookBody {
        let parsed = MessageParser(limits: limits, digester: Self.digester).parse(source.bytes)
        let described = document(parsed, source, includeRaw: false, inlineAttachmentLimit: -1)
        var form = MultipartFormBuilder()
        form.addField("id", source.id)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        form.addJSONField("envelope", Array(try encoder.encode(InboundEnvelopeJSON(source.envelope))))
        form.addJSONField("message", try encode(described))
        let header = parsed.header
        form.addField("from", header.from.map(\.address).joined(separator: ", "))
        form.addField("to", header.to.map(\.address).joined(separator: ", "))
        form.addField("subject", header.subject ?? "")
        if let text = parsed.text { form.addField("text", text) }
        if let html = parsed.html { form.addField("html", html) }
        for (index, attachment) in parsed.attachments.enumerated() {
            form.addFile(
                "attachment-\(index + 1)", filename: attachment.filename ?? "attachment-\(index + 1)",
                contentType: attachment.contentType, attachment.content)
        }
        let (contentType, body) = form.build(boundarySeed: deliveryID)
        return WebhookBody(contentType: contentType, bytes: body)
    }
}
