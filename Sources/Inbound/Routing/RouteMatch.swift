import MIME

/// What a route matches. Every condition given must hold; a route with none matches every recipient.
/// The envelope conditions are known at RCPT time; the header condition only once the message is in.
public struct RouteMatch: Sendable {
    /// A glob over the whole address: `*@support.example.com`, or an exact address.
    public var recipient: AddressPattern?
    public var recipientRegex: RecipientRegex?
    /// The recipient's domain: `example.com`, or `*.example.com` for its subdomains.
    public var domain: AddressPattern?
    /// The SMTP AUTH user the message was submitted as.
    public var authUser: String?
    public var header: HeaderCondition?

    public init(
        recipient: String? = nil, recipientRegex: RecipientRegex? = nil, domain: String? = nil,
        authUser: String? = nil, header: HeaderCondition? = nil
    ) {
        self.recipient = recipient.map(AddressPattern.init)
        self.recipientRegex = recipientRegex
        self.domain = domain.map { AddressPattern("*@" + $0) }
        self.authUser = authUser
        self.header = header
    }

    public func matchesEnvelope(recipient address: String, authUser user: String?) -> Bool {
        if let recipient, !recipient.matches(address) { return false }
        if let recipientRegex, !recipientRegex.matches(address) { return false }
        if let domain, !domain.matches(address) { return false }
        if let authUser, authUser != user { return false }
        return true
    }

    public func matchesHeaders(_ headers: [(name: String, value: String)]) -> Bool {
        header?.matches(headers) ?? true
    }
}
