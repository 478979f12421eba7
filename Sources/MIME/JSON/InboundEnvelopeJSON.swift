import Foundation
import MailModel

/// How the inbound JSON writes an envelope (the `InboundEnvelope` schema in `OpenAPI/openapi.yaml`): every key
/// present, null where nothing is known, and no `received_at` (the document has its own). `Envelope`'s own
/// `Codable` is the queue's stored form, which leaves unset values out, so the contract is written here.
public struct InboundEnvelopeJSON: Sendable, Encodable {
    /// nil for a message read outside a session (`mailgate parse`): every value null, no recipients.
    public var envelope: Envelope?

    public init(_ envelope: Envelope?) {
        self.envelope = envelope
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Envelope.CodingKeys.self)
        try c.encode(envelope?.mailFrom, forKey: .mailFrom)
        try c.encode(envelope?.rcptTo ?? [], forKey: .rcptTo)
        try c.encode(envelope?.helo, forKey: .helo)
        try c.encode(envelope?.remoteIP, forKey: .remoteIP)
        try c.encode(envelope?.tls, forKey: .tls)
        try c.encode(envelope?.authUser, forKey: .authUser)
        try c.encode(envelope?.size, forKey: .size)
    }

    /// Reads the object back; a null `mail_from` is the envelope-less document. The object has no time of
    /// its own, so `receivedAt` is the document's.
    static func decode(_ c: KeyedDecodingContainer<Envelope.CodingKeys>, receivedAt: Date) throws -> Envelope? {
        guard let mailFrom = try c.decodeIfPresent(String.self, forKey: .mailFrom) else { return nil }
        return Envelope(
            mailFrom: mailFrom, rcptTo: try c.decode([String].self, forKey: .rcptTo),
            helo: try c.decodeIfPresent(String.self, forKey: .helo),
            remoteIP: try c.decodeIfPresent(String.self, forKey: .remoteIP),
            tls: try c.decodeIfPresent(TLSParameters.self, forKey: .tls),
            authUser: try c.decodeIfPresent(String.self, forKey: .authUser),
            size: try c.decodeIfPresent(Int.self, forKey: .size) ?? 0, receivedAt: receivedAt)
    }
}
