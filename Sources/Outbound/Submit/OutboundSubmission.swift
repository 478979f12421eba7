import Foundation
import MIME

/// A send request after the HTTP layer decoded it: the message to build, who gets it, and what to echo.
public struct OutboundSubmission: Sendable, Hashable {
    public var draft: MessageDraft
    /// Envelope-only recipients, never written into the header.
    public var bcc: [MailAddress]
    /// Overrides the envelope sender (`""` is the null sender); nil uses the `From:` address.
    public var envelopeMailFrom: String?
    /// Overrides the envelope recipients; nil uses to, cc and bcc.
    public var envelopeRecipients: [String]?
    public var tags: [String]
    public var metadata: [String: String]
    public var sendAt: Date?
    /// The API key's name, for the record (never the key).
    public var apiKeyName: String?

    public init(
        draft: MessageDraft, bcc: [MailAddress] = [], envelopeMailFrom: String? = nil,
        envelopeRecipients: [String]? = nil, tags: [String] = [], metadata: [String: String] = [:],
        sendAt: Date? = nil, apiKeyName: String? = nil
    ) {
        self.draft = draft
        self.bcc = bcc
        self.envelopeMailFrom = envelopeMailFrom
        self.envelopeRecipients = envelopeRecipients
        self.tags = tags
        self.metadata = metadata
        self.sendAt = sendAt
        self.apiKeyName = apiKeyName
    }
}
