/// `Local-part "@" ( Domain / address-literal )` of RFC 5321, with RFC 6531 UTF-8.
public struct SMTPMailbox: Hashable, Sendable, CustomStringConvertible {
    /// As transmitted: a dot-string, or a quoted string including its quotes and escapes.
    public var localPart: String
    /// A domain name or an address literal including its brackets.
    public var domain: String

    public init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    /// An address outside ASCII needs the SMTPUTF8 extension in its transaction (RFC 6531 3.4).
    public var isASCII: Bool { self.localPart.utf8.allSatisfy { $0 < 0x80 } && self.domain.utf8.allSatisfy { $0 < 0x80 } }

    public var description: String { "\(self.localPart)@\(self.domain)" }
}
