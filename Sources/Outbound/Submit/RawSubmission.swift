/// A message sent as is (`POST /v1/messages/raw`) after the HTTP layer read it: the checked message and the
/// envelope the request named, if any.
public struct RawSubmission: Sendable {
    public var message: RawMessage
    /// The envelope sender (`""` is the null sender); nil uses the `From:` address.
    public var envelopeMailFrom: String?
    /// The envelope recipients; nil uses the header's To, Cc and Bcc.
    public var envelopeRecipients: [String]?
    /// This gateway's name: in our `Received:` field, and the domain of a `Message-ID` the message lacks.
    public var hostname: String
    /// The API key's name, for the record (never the key).
    public var apiKeyName: String?

    public init(
        message: RawMessage, envelopeMailFrom: String? = nil, envelopeRecipients: [String]? = nil, hostname: String,
        apiKeyName: String? = nil
    ) {
        self.message = message
        self.envelopeMailFrom = envelopeMailFrom
        self.envelopeRecipients = envelopeRecipients
        self.hostname = hostname
        self.apiKeyName = apiKeyName
    }
}
