/// The RCPT TO `ORCPT=addr-type;xtext` parameter of RFC 3461, with the xtext decoded.
public struct SMTPOriginalRecipient: Hashable, Sendable {
    public var addressType: String
    public var address: String

    public init(addressType: String, address: String) {
        self.addressType = addressType
        self.address = address
    }
}
