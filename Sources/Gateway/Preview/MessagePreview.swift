import Digests
import Foundation
import HTTPAPI
import MIME

/// What `mailgate parse` prints: the inbound JSON a webhook would receive for a message, with an empty
/// envelope, so a user can see how a message will arrive before routing any.
public enum MessagePreview {
    /// The digester Mailgate uses for attachments and raw messages: OpenSSL's SHA-256.
    public static let digester = ContentDigester { SHA256Hasher.hex($0) }

    public static func json(for message: [UInt8], includeRaw: Bool = false, inlineAttachmentLimit: Int = 1 << 20) throws -> Data {
        let parsed = MessageParser(digester: digester).parse(message)
        let inbound = InboundMessage(
            parsed, rawMessage: message,
            options: InboundRenderOptions(inlineAttachmentLimit: inlineAttachmentLimit, includeRaw: includeRaw))
        return try InboundJSONEncoder(prettyPrinted: true).encode(inbound)
    }

    /// What `mailgate build` prints: the RFC 5322 message a send request (the JSON of `POST /v1/messages`)
    /// would produce, built by the code the API runs.
    public static func message(forSendRequest json: Data, hostname: String) throws -> [UInt8] {
        try SendRequestPreview.build(json: json, hostname: hostname)
    }
}
